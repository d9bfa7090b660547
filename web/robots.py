"""robots.txt, and the noindex that private links carry.

A family's private link (their booking page, a check-in question, a personal feed)
is never linked from a public page, but a link pasted somewhere public could still be
found. robots.txt keeps well-behaved crawlers away from those addresses altogether,
and each private response also says noindex in its header, so one that is fetched
anyway is not listed.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

NOINDEX = "noindex, nofollow"
# Addresses only a family's secret link leads to, in English and under a language prefix.
# /one-to-one/ holds the family's private one-to-one page and the forms to ask for a time;
# the programme's public page of free times lives elsewhere in the page tree.
PRIVATE_PREFIXES = ("/booking/", "/check-in/", "/calendar/personal/", "/one-to-one/")


def noindex(view):
    """Mark every response of `view` as not for search engines (X-Robots-Tag)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = NOINDEX
        return response

    return wrapped


def _disallowed(prefix: str) -> list[str]:
    return [f"Disallow: {prefix}"] + [
        f"Disallow: /{code}{prefix}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]


@require_GET
@cache_control(max_age=24 * 60 * 60, public=True)
def robots_txt(request):
    """Everything public may be crawled; the admin and private links may not; the sitemap's absolute address."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    root_url = site.root_url if site else settings.BASE_URL.rstrip("/")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /t/"]
    for prefix in PRIVATE_PREFIXES:
        lines += _disallowed(prefix)
    lines += ["", f"Sitemap: {root_url}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
