"""Rendered public pages, kept in the shared cache for anonymous visitors.

A family on a village bus and a calendar app polling all night ask for the same few
pages again and again. AnonymousPageCacheMiddleware answers a repeat visit from the
cache before URL routing, so a hit costs two cache round trips and no SQL at all.

Every stored page is tagged with the versions it depends on, and is served only while
each is unchanged. Two are shared by every page:

- the site's content version (VERSION_KEY), replaced by content_changed() once the
  transaction commits: for what many pages show, such as a venue, a topic or a
  snippet (each app names those models with watch(), from its AppConfig.ready(), so
  this module knows none of them), and for a page renamed, moved, unpublished or
  deleted, or the site or its settings changed, which alter menus and links on every
  page;
- the page's own version (page_version_key, one per page in all its languages),
  replaced with version_bump() by whatever changes what that page shows. A booking
  replaces those of its group's page, its area's and, when the home page lists the
  session, the home page's (events/cache_versions.py), so a booking in Croydon leaves
  every page about the Borders in the cache. Publishing an edit replaces the page's
  own version and those of the pages above it, for apps that say which pages list
  theirs (watch_publishing()); other pages' publishing changes the content version.

A third version, the site's structure, changes when pages are published, unpublished,
moved or deleted, or the site or its settings change. It keys what depends on the
page tree alone (which page an address leads to, the menus, the footer), so a
booking leaves those cached.

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
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header
from django.utils.functional import SimpleLazyObject
from django.utils.http import split_header_value
from django.utils.translation import get_language
from wagtail import signals as wagtail_signals
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve

from home.page_visibility import KNOWN_UNRESTRICTED_ATTRIBUTE, ROUTE_PUBLISHED_ATTRIBUTE, published_pages_q

VERSION_KEY = "page-cache:version"
STRUCTURE_VERSION_KEY = "page-cache:structure-version"
# Stored pages name the versions they depend on (earlier copies, under "page-cache:page:", did not).
PAGE_KEY_PREFIX = "page-cache:stored-page:"
ROUTE_KEY_PREFIX = "page-cache:route:"
SITE_KEY_PREFIX = "page-cache:site:"
MEMO_KEY_PREFIX = "page-cache:memo:"
PAGE_VERSION_KEY_PREFIX = "page-cache:page-version:"
PAGE_PLACES_VERSION_KEY_PREFIX = "page-cache:page-places-version:"
# Routes carry the structure version, so they can be kept as long as the cache will.
ROUTE_CACHE_SECONDS = 24 * 60 * 60
CACHE_STATUS_HEADER = "X-Page-Cache"
_UNSHAREABLE_CACHE_CONTROL = {"private", "no-cache", "no-store", "max-age=0"}


class _VersionBump:
    """An on_commit callback that replaces some versions.

    `done` lets content_changed() see that a bump is already waiting for the same
    transaction, so a transaction that saves a hundred rows bumps once.
    """

    def __init__(self, keys):
        self.done = False
        self.keys = frozenset(keys)

    @property
    def structure(self) -> bool:
        return STRUCTURE_VERSION_KEY in self.keys

    def __call__(self):
        self.done = True
        versions_replace(self.keys)


def versions_replace(keys) -> None:
    """Replace the versions `keys` now: for callbacks that already run after the commit."""
    if keys:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def pending_on_commit[C](kind: type[C]) -> C | None:
    """A callback of `kind` waiting for this transaction to commit, that runs whenever a change made now does.

    For callbacks that gather what a transaction changed and act on it once, after the
    commit: a change adds itself to the one found rather than registering another.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    open_savepoints = set(connection.savepoint_ids)
    for savepoints, callback, _robust in connection.run_on_commit:
        # One registered in this savepoint or an enclosing one runs whenever this
        # change commits; one from a savepoint since released or rolled back may not.
        if isinstance(callback, kind) and not getattr(callback, "done", False) and savepoints <= open_savepoints:
            return callback
    return None


def content_changed(*, structure: bool = False) -> None:
    """Make every cached page stale once the current transaction commits.

    Call it after any write that changes what many public pages show; `structure=True`
    when the page tree, the site or its settings changed too. Outside a transaction
    the pages go stale at once. A change that concerns a few pages only replaces their
    versions instead (version_bump with page_version_key).
    """
    keys = {VERSION_KEY, STRUCTURE_VERSION_KEY} if structure else {VERSION_KEY}
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
                and keys <= callback.keys
            ):
                return
    # robust: a cache outage must never turn a committed booking into an error page.
    transaction.on_commit(_VersionBump(keys), robust=True)


def page_version_key(translation_key) -> str:
    """The version of what one page shows, in every language (its twins share the translation key)."""
    return f"{PAGE_VERSION_KEY_PREFIX}{translation_key}"


def page_places_version_key(translation_key) -> str:
    """The version of the places left and waiting lists one page shows, in every language.

    Replaced by bookings alone, which change nothing else a page or a public feed shows,
    so what a page lists beside its places (page_content_versions) outlives a booking.
    """
    return f"{PAGE_PLACES_VERSION_KEY_PREFIX}{translation_key}"


def page_content_versions(page) -> tuple[str, ...]:
    """The versions of everything `page` shows but its places: the site's content and the page's own."""
    return (VERSION_KEY, page_version_key(page.translation_key))


def page_versions(page) -> tuple[str, ...]:
    """The versions a stored copy of `page` depends on: its content and its places."""
    return (*page_content_versions(page), page_places_version_key(page.translation_key))


def remembered[T](key: str, compute: Callable[[], T], *, versions: tuple[str, ...] = (VERSION_KEY,)) -> T:
    """compute(), kept until anything families can see changes (or the page cache time passes).

    For figures that cost a query over many rows but only change when content does,
    such as a calendar feed's version. The version is read before computing, so a
    change made meanwhile leaves the stored figure stale at once. With the page cache
    off (as in tests) it simply computes.

    `versions` narrows what makes it stale: a figure that depends on a few models only
    names a version of its own (bumped with `version_bump`) and the structure version,
    and one about a page names the content version and that page's (page_versions),
    so that a booking elsewhere, which replaces other pages' versions, leaves it in place.
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


def remembered_for_page[T](page, part: str, compute: Callable[[], T], *, request=None, variant="") -> T:
    """compute(), kept until what `page` shows beside its places changes (page_content_versions).

    A booking replaces only the places version of the pages showing its session, so the
    first render after one reads the sessions with their places and no more. Kept per
    language, and at most the page cache's time, like a stored page: a card's "next
    session" moves on by the clock no later than the page itself would. A preview
    shows content not yet published, so it is never kept.
    """
    if not page.pk or getattr(request, "is_preview", False):
        return compute()
    key = f"page-listing|{part}|{page.pk}|{get_language()}|{variant}"
    return remembered(key, compute, versions=page_content_versions(page))


def version_bump(*keys: str) -> None:
    """Replace the versions `keys` once the current transaction commits (a cache outage is no error)."""
    if keys:
        transaction.on_commit(lambda: versions_replace(keys), robust=True)


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

        if shareable:
            request._page_cache_content_version = found.get(VERSION_KEY) or _start_version(VERSION_KEY)
            entry = found.get(page_key)
            if entry is not None:
                names, stored, status, headers, content = entry
                if _versions_read(names, {VERSION_KEY: request._page_cache_content_version}) == stored:
                    response = HttpResponse(content, status=status, headers=headers)
                    response[CACHE_STATUS_HEADER] = "hit"
                    return response

        response = self.get_response(request)
        # The versions read before the page was rendered (page_versions_note): if
        # content changed while it was rendering, the stored copy is already stale.
        versions = getattr(request, "_page_cache_versions", None)
        if shareable and versions is not None and _response_is_shareable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            cache.set(page_key, (*versions, response.status_code, headers, response.content), seconds)
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
        # Routes stored before they noted view restrictions have four items.
        _version, site, model_label, page_id, *unrestricted = entry
        model = apps.get_model(model_label)
        # The page's own links (its venue, its photo) come in the same query.
        own_links = [field.name for field in model._meta.concrete_fields if field.many_to_one and field.model is model]
        # Published all the way up, so serving it needs no second look at the tree.
        pages = model.objects.filter(published_pages_q(), pk=page_id)
        page = (pages.select_related(*own_links) if own_links else pages).first()
        if page is None:
            return
        setattr(request, ROUTE_PUBLISHED_ATTRIBUTE, True)
        if unrestricted == [True]:
            # No view restriction on it or above it when the route was stored, and any
            # new one replaces the structure version: Wagtail's check needs no query.
            setattr(page, KNOWN_UNRESTRICTED_ATTRIBUTE, True)
        # The attributes Wagtail itself caches the site and the route in, per request.
        request._wagtail_site = site
        request._wagtail_route_for_request = RouteResult(page)
        request._page_cache_route_known = True
        _site_settings_note(request, site)

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
        # Read once per route and structure version, so that serving it again skips Wagtail's two queries.
        unrestricted = not page.get_view_restrictions().exists()
        cache.set(_route_key(request), (structure, site, page._meta.label, page.pk, unrestricted), ROUTE_CACHE_SECONDS)


def _site_settings_note(request, site) -> None:
    """Put the site's settings where Wagtail's for_request looks first, kept until they change.

    Every page's header and footer read them; saving them replaces the structure
    version (web/apps.py), so a routed page reads them once per language until then.
    """
    site_settings_model = apps.get_model("home", "SiteSettings")
    site_settings = remembered(
        f"site-settings|{site.pk}|{get_language()}",
        lambda: site_settings_model.for_site(site),
        versions=(STRUCTURE_VERSION_KEY,),
    )
    site_settings._request = request  # as for_request sets it, for the settings' page links
    setattr(request, site_settings_model.get_cache_attr_name(), site_settings)


def _versions_read(names, known: dict) -> tuple:
    """The current values of the versions `names`; those in `known` are not read again."""
    missing = [name for name in names if name not in known]
    found = {**known, **(cache.get_many(missing) if missing else {})}
    return tuple(found.get(name) or _start_version(name) for name in names)


def page_versions_note(page, request, *args) -> None:
    """Read the versions of `page` before it is rendered, for the middleware to store the page under.

    A Wagtail before_serve_page hook (web/wagtail_hooks.py): the page is known once
    Wagtail has routed the request, and reading its versions before rendering means a
    change committed meanwhile leaves the copy stale rather than hidden.
    """
    content_version = getattr(request, "_page_cache_content_version", None)
    if content_version is None:  # not a request whose page may be stored
        return
    names = page_versions(page)
    request._page_cache_versions = (names, _versions_read(names, {VERSION_KEY: content_version}))


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


def page_content_version(request) -> dict:
    """Context processor: `page_content_version`, to key fragments of a page built from its content.

    `{% page_fragment area_groups page.pk %}` (web/templatetags/page_fragment_tags.py) keeps
    the cards until the page's content changes (page_content_versions): a booking, which
    changes only the places, leaves them, so the first render after one draws only the
    places afresh. Only a page the page cache may store has its versions read before
    rendering; any other request (a query string, a signed-in editor, the page cache off,
    as in tests) gets a new value every time, so nothing is reused.
    """
    noted = getattr(request, "_page_cache_versions", None)
    seconds = settings.GATHER_PAGE_CACHE_SECONDS
    if not seconds or noted is None:
        return {"page_content_version": uuid.uuid4().hex, "page_cache_seconds": 0}
    names, values = noted
    content = dict(zip(names, values, strict=True))
    page_names = [name for name in names if name.startswith(PAGE_VERSION_KEY_PREFIX)]
    version = "-".join(content[name] for name in (VERSION_KEY, *page_names))
    return {"page_content_version": version, "page_cache_seconds": seconds}


def _on_content_signal(sender, **kwargs):
    content_changed()


def _on_structure_signal(sender, **kwargs):
    content_changed(structure=True)


def _on_snippet_published(sender, instance=None, **kwargs):
    # Wagtail sends this for pages too, after page_published, which has dealt with them.
    if not isinstance(instance, Page):
        content_changed()


def _on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        content_changed(structure=True)


# What other pages show of a page besides its content: its title, its address, whether it
# is live and whether it is in the menus. A change to any of them changes every page.
_TREE_FIELDS = ("title", "slug", "live", "show_in_menus")
_publishing_watched: dict[type, Callable[[Page], tuple[str, ...]]] = {}


def _on_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """A page saved with a new title, address, live state or menu place changes every page.

    One query, only when a page is saved with those fields (publishing, moving by slug,
    unpublishing; never a draft, which Wagtail saves with other fields only).
    """
    if raw or not isinstance(instance, Page):
        return
    if update_fields is not None and not set(update_fields) & set(_TREE_FIELDS):
        return
    if instance.pk is None:
        if instance.live:
            content_changed(structure=True)
        return
    before = Page.objects.filter(pk=instance.pk).values_list(*_TREE_FIELDS).first()
    if before != tuple(getattr(instance, name) for name in _TREE_FIELDS):
        content_changed(structure=True)


def _on_page_published(sender, instance, **kwargs):
    """Publishing: the page and what lists it go stale; the structure (routes, menus) stays.

    A change to the title, address, live state or menus has already made every page
    stale, structure included (_on_page_save), so a publish that gets here changed the
    page's content only: the routes (a page's id by its address) and the menus, footer
    and breadcrumbs (titles and addresses) still hold, and the first render after it
    costs no more queries than after a booking. Pages of a kind no app watches
    (watch_publishing) make every page stale.
    """
    also_stale = next((stale for model, stale in _publishing_watched.items() if isinstance(instance, model)), None)
    if also_stale is None:
        content_changed(structure=True)
        return
    # The page itself and each page above it, which list what is below them.
    listing = Page.objects.ancestor_of(instance, inclusive=True).values_list("translation_key", flat=True)
    keys = {page_version_key(key) for key in listing} | set(also_stale(instance))
    version_bump(*sorted(keys))


def watch_publishing(model, also_stale: Callable[[Page], tuple[str, ...]] = lambda page: ()) -> None:
    """Publishing a page of `model` makes stale only its own page and the pages above it (and
    the versions `also_stale(page)` names: other pages that list it, a feed, a remembered figure).

    For page types whose pages are listed only by the pages above them, or by pages the
    app can name; an app calls it from its AppConfig.ready(). A new title, address or
    menu place still makes every page stale.
    """
    _publishing_watched[model] = also_stale


def watch(model, *, structure: bool = False) -> None:
    """Mark the cached pages stale whenever a row of `model` is saved or deleted.

    Each app calls this from its AppConfig.ready() for the models many of its public
    pages show, so this module needs to know none of them. `structure=True` for models
    that change the menus or which page an address leads to, as well as what pages
    show. Code that writes with queryset updates (which send no signals) calls
    content_changed() itself. Models that only a few pages show replace those pages'
    versions instead (version_bump, page_version_key).
    """
    receiver = _on_structure_signal if structure else _on_content_signal
    label = model._meta.label
    post_save.connect(receiver, sender=model, dispatch_uid=f"page_cache_save_{label}")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"page_cache_delete_{label}")


def connect_signals() -> None:
    """Mark the cached pages stale whenever a page is published, moved or deleted, or the site changes."""
    wagtail_signals.page_published.connect(_on_page_published, dispatch_uid="page_cache_page_published")
    for signal in (wagtail_signals.page_unpublished, wagtail_signals.post_page_move):
        signal.connect(_on_structure_signal, dispatch_uid=f"page_cache_structure_{id(signal)}")
    wagtail_signals.published.connect(_on_snippet_published, dispatch_uid="page_cache_published")
    wagtail_signals.unpublished.connect(_on_content_signal, dispatch_uid="page_cache_unpublished")
    # Any page class: the sender is the page's own class.
    pre_save.connect(_on_page_save, dispatch_uid="page_cache_page_saved")
    # Deleting a page sends post_delete for its own class, so listen for any sender.
    post_delete.connect(_on_page_deleted, dispatch_uid="page_cache_page_deleted")
    # Who may see which pages: a page made private must never again come from the
    # cache, nor stay in the menus.
    for model in (Site, PageViewRestriction):
        watch(model, structure=True)
