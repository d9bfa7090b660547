"""Which pages the public may see, as conditions any query on pages (or on rows that
point at a page) can filter by.

Wagtail's .live() looks at the page alone, so a live group under an unpublished area
passes it, and .public() runs a query for the private sections every time it is
used. These conditions are subqueries on the page tree instead: a listing or a feed
filters in its own query, whatever the number of pages.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

# Set on a request whose page was found with published_pages_q() already applied.
ROUTE_PUBLISHED_ATTRIBUTE = "_page_route_published"
# Set on a page served from a route stored when neither it nor a page above it had a view
# restriction (web/page_cache.py); a new restriction replaces every stored route.
KNOWN_UNRESTRICTED_ATTRIBUTE = "_known_unrestricted"


def _page_fields(field: str) -> tuple[str, OuterRef]:
    prefix = f"{field}__" if field else ""
    return prefix, OuterRef(f"{prefix}path")


def published_pages_q(field: str = "") -> Q:
    """Condition: the page (or the page in `field`) is live, and so is every page above it."""
    prefix, path = _page_fields(field)
    # depth 1 is Wagtail's root, which is never served and so never needs publishing.
    unpublished_above = Page.objects.filter(live=False, depth__gt=1, path=Substr(path, 1, Length("path")))
    return Q(**{f"{prefix}live": True}) & ~Exists(unpublished_above)


def public_pages_q(field: str = "") -> Q:
    """Condition: the page (or the page in `field`) is one anyone may see.

    Published all the way up, and under no view restriction of any kind (password,
    login or groups) on itself or a page above it: what an anonymous visitor, a
    search engine or a calendar app may be shown.
    """
    prefix, path = _page_fields(field)
    restricted_above = PageViewRestriction.objects.filter(page__path=Substr(path, 1, Length("page__path")))
    return published_pages_q(field) & ~Exists(restricted_above)


def page_not_found_under_unpublished_page(page, request, serve_args, serve_kwargs):
    """A `before_serve_page` hook: a page under an unpublished page is not found.

    Wagtail routes through an unpublished page to a live one below it, which would
    show a group whose area was taken down. View restrictions need nothing here:
    Wagtail checks those itself before serving.
    """
    if getattr(request, ROUTE_PUBLISHED_ATTRIBUTE, False):
        return
    if not Page.objects.filter(published_pages_q(), pk=page.pk).exists():
        raise Http404("No such page")
