"""The default Wagtail Site says the address families reach the site at: settings.BASE_URL.

Page.get_full_url() builds the links in emails, texts and calendar files from the Site
record, not from settings; a Site left at "localhost" by the first `migrate` would send
families links that lead nowhere. So the default site follows BASE_URL after every
migrate (each deploy runs one) and whenever the site is made.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def base_url_host_and_port(base_url: str | None = None) -> tuple[str, int]:
    """The hostname and port Wagtail's Site needs to build `base_url`'s links.

    Wagtail writes port 443 as https://host and any other port as http://host:port, so
    an https address on another port cannot be said by a Site; BASE_URL uses 443 then.
    """
    parts = urlsplit(base_url or settings.BASE_URL)
    scheme = parts.scheme or "http"
    port = parts.port or DEFAULT_PORTS.get(scheme, 80)
    if scheme == "https":
        port = 443
    return (parts.hostname or "localhost"), port


def default_site_follow_base_url(**kwargs) -> Site | None:
    """Point the default site's hostname and port at BASE_URL; the site, or None when there is none yet.

    Connected to post_migrate, so it also takes the keyword arguments a signal sends.
    """
    using = kwargs.get("using", DEFAULT_DB_ALIAS)
    # `migrate wagtailcore zero` leaves no table to read.
    if Site._meta.db_table not in connections[using].introspection.table_names():
        return None
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = base_url_host_and_port()
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(using=using, update_fields=["hostname", "port"])
    return site
