"""Rendered public pages, kept in the shared cache for anonymous visitors.

A family on a village bus and a calendar app polling all night ask for the same few
pages again and again. AnonymousPageCacheMiddleware answers a repeat visit from the
cache before URL routing, so a hit costs one cache round trip and no SQL at all.

Every stored page is tagged with the site's content version. Anything that changes
what a public page shows (a page published, moved or deleted, a snippet edited, a
session cancelled or moved, a booking made or cancelled, a schedule edited) calls
content_changed(), which replaces the version once the transaction commits; the next
request finds a different version and renders afresh. Each app names the models its
pages show with watch(), from its AppConfig.ready(), so that saving or deleting one
does so; this module knows none of them. The version is one for the whole site, not
one per page: a session shows on its group page, its area page, the home page and
the workshop pages alike, and bookings are rare next to page views, so a single
version keeps invalidation simple and still leaves a high hit rate.

A second version, the site's structure, changes only when pages are published,
unpublished, moved or deleted, or the site or its settings change. It keys what
depends on the page tree alone (which page an address leads to, the menus, the
footer), so a booking, which changes the content version, leaves those cached.

With Redis (REDIS_URL) every app process shares the pages and the versions, so a
cancellation made through one process shows on the next request to any other.

Only pages that are the same for every anonymous visitor are stored: never for a
request that carries a session or messages cookie (staff are always signed in through
a session), never for a POST or a query string, and never when the response sets a
cookie, used a CSRF token or a CSP nonce, showed a message, or says it must not be
cached (Wagtail marks pages behind a password or login that way).
"""

import hashlib
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header
from django.utils.functional import SimpleLazyObject
from django.utils.http import split_header_value
from wagtail import signals as wagtail_signals
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve

from home.page_visibility import ROUTE_PUBLISHED_ATTRIBUTE, published_pages_q

VERSION_KEY = "page-cache:version"
STRUCTURE_VERSION_KEY = "page-cache:structure-version"
PAGE_KEY_PREFIX = "page-cache:page:"
ROUTE_KEY_PREFIX = "page-cache:route:"
SITE_KEY_PREFIX = "page-cache:site:"
MEMO_KEY_PREFIX = "page-cache:memo:"
# Routes carry the structure version, so they can be kept as long as the cache will.
ROUTE_CACHE_SECONDS = 24 * 60 * 60
CACHE_STATUS_HEADER = "X-Page-Cache"
_UNSHAREABLE_CACHE_CONTROL = {"private", "no-cache", "no-store", "max-age=0"}


class _VersionBump:
    """An on_commit callback that replaces the content version (and the structure version).

    `done` lets content_changed() see that a bump is already waiting for the same
    transaction, so a transaction that saves a hundred sessions bumps once.
    """

    def __init__(self, *, structure: bool):
        self.done = False
        self.structure = structure

    def __call__(self):
        self.done = True
        keys = [VERSION_KEY, STRUCTURE_VERSION_KEY] if self.structure else [VERSION_KEY]
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def content_changed(*, structure: bool = False) -> None:
    """Make every cached page stale once the current transaction commits.

    Call it after any write that changes what a public page shows; `structure=True`
    when the page tree, the site or its settings changed too. Outside a transaction
    the pages go stale at once.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        open_savepoints = set(connection.savepoint_ids)
        for savepoints, callback, _robust in connection.run_on_commit:
            # A pending bump registered in this savepoint or an enclosing one runs
            # whenever this change commits, so a second one adds nothing.
            if (
                isinstance(callback, _VersionBump)
                and not callback.done
                and savepoints <= open_savepoints
                and (callback.structure or not structure)
            ):
                return
    # robust: a cache outage must never turn a committed booking into an error page.
    transaction.on_commit(_VersionBump(structure=structure), robust=True)


def remembered[T](key: str, compute: Callable[[], T], *, versions: tuple[str, ...] = (VERSION_KEY,)) -> T:
    """compute(), kept until anything families can see changes (or the page cache time passes).

    For figures that cost a query over many rows but only change when content does,
    such as a calendar feed's version. The version is read before computing, so a
    change made meanwhile leaves the stored figure stale at once. With the page cache
    off (as in tests) it simply computes.

    `versions` narrows what makes it stale: a figure that depends on a few models only
    names a version of its own (bumped with `version_bump`) and the structure version,
    so that a booking, which changes the content version, leaves it in place.
    """
    seconds = settings.GATHER_PAGE_CACHE_SECONDS
    if not seconds:
        return compute()
    memo_key = MEMO_KEY_PREFIX + hashlib.sha256(key.encode()).hexdigest()
    found = cache.get_many([*versions, memo_key])
    version = tuple(found.get(name) or _start_version(name) for name in versions)
    entry = found.get(memo_key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(memo_key, (version, value), seconds)
    return value


def version_bump(key: str) -> None:
    """Replace the version `key` once the current transaction commits (a cache outage is no error)."""
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None), robust=True)


def current_version(key: str = VERSION_KEY) -> str:
    return cache.get(key) or _start_version(key)


def _start_version(key: str = VERSION_KEY) -> str:
    """A first version after a restart or an eviction; every process agrees on the first one stored."""
    version = uuid.uuid4().hex
    if not cache.add(key, version, timeout=None):
        version = cache.get(key) or version
    return version


def _address_digest(request) -> str:
    return hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.path}".encode()).hexdigest()


def _page_key(request) -> str:
    return PAGE_KEY_PREFIX + _address_digest(request)


def _route_key(request) -> str:
    return ROUTE_KEY_PREFIX + _address_digest(request)


def _site_key(request) -> str:
    return SITE_KEY_PREFIX + hashlib.sha256(f"{request.get_host()}|{request.get_port()}".encode()).hexdigest()


def _request_may_share(request) -> bool:
    """Whether this request could be answered with a page rendered for someone else."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _response_is_shareable(request, response) -> bool:
    if not getattr(request, "_page_cache_wagtail_page", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or get_nonce(request):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    if has_vary_header(response, "Cookie"):
        return False
    cache_control = {part.lower() for part in split_header_value(response.get("Cache-Control", ""))}
    return not cache_control & _UNSHAREABLE_CACHE_CONTROL


class AnonymousPageCacheMiddleware:
    """Serve and store Wagtail pages for anonymous visitors (see the module docstring).

    It also remembers, for every visitor, which page an address leads to. Wagtail
    finds a page by walking the tree, two queries for each level (a group page sits
    four levels down), then finds the site; a remembered route costs one query for
    the page itself. Routes are tagged with the structure version, so a page moved,
    renamed, unpublished or deleted is routed afresh at once, while a booking leaves
    them be.

    Sits last in MIDDLEWARE so that security headers, CSP and compression from the
    middleware above are applied to cached answers exactly as to fresh ones.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        seconds = settings.GATHER_PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            digest = _address_digest(request)
            site_key = _site_key(request)
        except Exception:  # DisallowedHost and the like: let Django answer as usual.
            return self.get_response(request)
        shareable = _request_may_share(request)
        page_key, route_key = PAGE_KEY_PREFIX + digest, ROUTE_KEY_PREFIX + digest

        # One round trip for everything a visit may need from the cache.
        found = cache.get_many([STRUCTURE_VERSION_KEY, route_key, site_key, *([VERSION_KEY, page_key] * shareable)])
        structure = found.get(STRUCTURE_VERSION_KEY) or _start_version(STRUCTURE_VERSION_KEY)
        request._page_cache_structure = structure
        request._page_cache_route_entry = found.get(route_key)
        site_entry = found.get(site_key)
        site_known = site_entry is not None and site_entry[0] == structure
        if site_known:
            # Where Wagtail itself keeps the site it found for this request.
            request._wagtail_site = site_entry[1]

        version = None
        if shareable:
            version = found.get(VERSION_KEY) or _start_version(VERSION_KEY)
            entry = found.get(page_key)
            if entry is not None and entry[0] == version:
                _version, status, headers, content = entry
                response = HttpResponse(content, status=status, headers=headers)
                response[CACHE_STATUS_HEADER] = "hit"
                return response

        response = self.get_response(request)
        if shareable and _response_is_shareable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            # The version read before rendering: if content changed while this page
            # was rendering, the stored copy is already stale and is never served.
            cache.set(page_key, (version, response.status_code, headers, response.content), seconds)
            response[CACHE_STATUS_HEADER] = "miss"
        self._remember_route(request, response)
        site = getattr(request, "_wagtail_site", None)
        if not site_known and site is not None:
            site.root_page  # noqa: B018 (kept on the stored site: menus start from it)
            cache.set(site_key, (structure, site), ROUTE_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        is_page = view_func is self.wagtail_serve
        request._page_cache_wagtail_page = is_page
        if is_page and request.method in ("GET", "HEAD") and settings.GATHER_PAGE_CACHE_SECONDS:
            self._route_from_cache(request)

    def _route_from_cache(self, request) -> None:
        if not hasattr(request, "_page_cache_structure"):
            try:
                route_key = _route_key(request)
            except Exception:  # DisallowedHost: Wagtail routes as usual.
                return
            found = cache.get_many([STRUCTURE_VERSION_KEY, route_key])
            request._page_cache_structure = found.get(STRUCTURE_VERSION_KEY) or _start_version(STRUCTURE_VERSION_KEY)
            request._page_cache_route_entry = found.get(route_key)
        entry = request._page_cache_route_entry
        request._page_cache_route_known = False
        if entry is None or entry[0] != request._page_cache_structure:
            return
        _version, site, model_label, page_id = entry
        model = apps.get_model(model_label)
        # The page's own links (its venue, its photo) come in the same query.
        own_links = [field.name for field in model._meta.concrete_fields if field.many_to_one and field.model is model]
        # Published all the way up, so serving it needs no second look at the tree.
        pages = model.objects.filter(published_pages_q(), pk=page_id)
        page = (pages.select_related(*own_links) if own_links else pages).first()
        if page is None:
            return
        setattr(request, ROUTE_PUBLISHED_ATTRIBUTE, True)
        # The attributes Wagtail itself caches the site and the route in, per request.
        request._wagtail_site = site
        request._wagtail_route_for_request = RouteResult(page)
        request._page_cache_route_known = True

    def _remember_route(self, request, response) -> None:
        """Store the route Wagtail found, for plain pages that served a 200."""
        route = getattr(request, "_wagtail_route_for_request", None)
        structure = getattr(request, "_page_cache_structure", None)
        if (
            route is None
            or structure is None
            or getattr(request, "_page_cache_route_known", True)
            or response.status_code != 200
            or route.args
            or route.kwargs
        ):
            return
        site = getattr(request, "_wagtail_site", None)
        if site is None:
            return
        page = route.page
        # Keep the site's root page on the stored site: menus start from it.
        site.root_page  # noqa: B018
        cache.set(_route_key(request), (structure, site, page._meta.label, page.pk), ROUTE_CACHE_SECONDS)


def structure_version(request) -> dict:
    """Context processor: `structure_version`, to key template fragments built from the page tree.

    `{% cache 3600 main_menu structure_version page.pk %}` keeps the menu until a page
    is published, moved or deleted or the site settings change. With the page cache
    off (as in tests, where changes never commit) every request gets a new value, so
    nothing is reused.
    """
    if not settings.GATHER_PAGE_CACHE_SECONDS:
        return {"structure_version": uuid.uuid4().hex}
    version = getattr(request, "_page_cache_structure", None)
    return {"structure_version": version or SimpleLazyObject(lambda: current_version(STRUCTURE_VERSION_KEY))}


def _on_content_signal(sender, **kwargs):
    content_changed()


def _on_structure_signal(sender, **kwargs):
    content_changed(structure=True)


def _on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        content_changed(structure=True)


def watch(model, *, structure: bool = False) -> None:
    """Mark the cached pages stale whenever a row of `model` is saved or deleted.

    Each app calls this from its AppConfig.ready() for the models its public pages
    show, so this module needs to know none of them. `structure=True` for models that
    change the menus or which page an address leads to, as well as what pages show.
    Code that writes with queryset updates (which send no signals) calls
    content_changed() itself.
    """
    receiver = _on_structure_signal if structure else _on_content_signal
    label = model._meta.label
    post_save.connect(receiver, sender=model, dispatch_uid=f"page_cache_save_{label}")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"page_cache_delete_{label}")


def connect_signals() -> None:
    """Mark the cached pages stale whenever a page is published, moved or deleted, or the site changes."""
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
    ):
        signal.connect(_on_structure_signal, dispatch_uid=f"page_cache_structure_{id(signal)}")
    for signal in (wagtail_signals.published, wagtail_signals.unpublished):
        signal.connect(_on_content_signal, dispatch_uid=f"page_cache_{id(signal)}")
    # Deleting a page sends post_delete for its own class, so listen for any sender.
    post_delete.connect(_on_page_deleted, dispatch_uid="page_cache_page_deleted")
    # Who may see which pages: a page made private must never again come from the
    # cache, nor stay in the menus.
    for model in (Site, PageViewRestriction):
        watch(model, structure=True)
