"""Calendar feeds: each view picks the sessions, asks events.ical for the file and
returns it as text/calendar.

Calendar apps poll these around the clock, so each answer starts from the feed's
version (one aggregate query): a client that has that version gets 304, anyone
else gets the file kept in the shared cache under that version, and the file is
built only the first time a version is asked for. A cancellation changes the
version, so it shows on the next request.

The words in a file are in the language of the request, or for a family's own feed
in the language they booked in; the language is part of the ETag and cache key, so
each language has its own copy.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Page

from events.language import family_language, recipient_language
from events.selectors.calendar import (
    CalendarScope,
    calendar_feed_sessions,
    calendar_sessions,
    calendar_window_start,
    feed_version,
)
from events.selectors.privacy import contact_for_feed_token
from events.selectors.sessions import sessions_public
from home.models import SiteSettings
from home.page_visibility import public_pages_q
from web.http_cache import Validators, conditional_response, make_etag
from web.page_cache import VERSION_KEY, page_version_key, remembered

from . import ical
from .cache_versions import feed_versions
from .models import AreaPage, GroupPage, WorkshopPage
from .recurrence import LOCAL_TZ

# Part of every ETag and cache key: raise it when the files change shape, so that
# copies made by older code are not served.
FEED_FORMAT = 1


def _page_url_memo(request):
    """page -> absolute URL, looked up once per page (Wagtail keeps the site roots on the request)."""
    urls = {}

    def page_url(page):
        if page.pk not in urls:
            urls[page.pk] = page.get_full_url(request) or ""
        return urls[page.pk]

    return page_url


def _organisation_name(request) -> str:
    return SiteSettings.for_request(request).organisation_name


def _calendar_response(
    request,
    *,
    validators_key: str,
    last_modified,
    build,
    filename: str,
    private: bool = False,
    language: str | None = None,
):
    """The file `build()` makes, written in `language` (default: the request's)."""
    language = language or translation.get_language()
    etag = make_etag("ical", FEED_FORMAT, language, validators_key)

    def build_in_language():
        with translation.override(language):
            return build().to_ical()

    # Slugs may be in any script; this header has to stay ASCII.
    headers = {"Content-Disposition": content_disposition_header(False, filename)}
    if private:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    return conditional_response(
        request,
        validators=Validators(etag=etag, last_modified=last_modified),
        cache_key=f"ical:{etag.strip(chr(34))}",
        build=build_in_language,
        content_type=ical.CONTENT_TYPE,
        private=private,
        headers=headers,
    )


def _in_language(language: str, build):
    """`build`, run with `language` active, whatever language the request is in."""

    def built():
        with translation.override(language):
            return build()

    return built


def _feed_version(scope: CalendarScope, since):
    # The aggregate reads every session of the scope; it is kept until what the feed
    # shows changes (events/cache_versions.py), so a booking elsewhere leaves it be.
    return remembered(
        f"feed-version|{scope.key}|{since.isoformat()}",
        lambda: feed_version(scope, since=since),
        versions=feed_versions(scope),
    )


def _feed_page(pages, page_id: int) -> Page:
    """The public page a feed is about, kept with the feed's version, so that a poll runs no query.

    Its translation key, which names its version, is kept until the site's content
    changes (a page unpublished or made private does that); the page itself until
    it or its sessions change.
    """
    label = pages.model._meta.label
    translation_key = remembered(
        f"feed-page-key|{label}|{page_id}",
        lambda: pages.filter(pk=page_id).values_list("translation_key", flat=True).first(),
    )
    if translation_key is None:
        raise Http404
    page = remembered(
        f"feed-page|{label}|{page_id}",
        lambda: pages.filter(pk=page_id).first(),
        versions=(VERSION_KEY, page_version_key(translation_key)),
    )
    if page is None:
        raise Http404
    return page


def _public_feed(request, *, scope: CalendarScope, describe, filename: str):
    """`describe()` gives the calendar's name and description; only called when the file is built."""
    since = calendar_window_start()
    version = _feed_version(scope, since)

    def build():
        name, description = describe()
        shown = calendar_feed_sessions(scope, since=since)
        return ical.feed_calendar(
            sessions=shown.sessions,
            plain=shown.plain,
            name=name,
            description=description,
            page_url=_page_url_memo(request),
        )

    return _calendar_response(
        request, validators_key=version.key, last_modified=version.last_modified, build=build, filename=filename
    )


@require_safe
def site_ical(request):
    def describe():
        organisation = _organisation_name(request)
        return (
            # Translators: the name of the calendar of every session the organisation runs.
            _("%(organisation)s: groups and workshops") % {"organisation": organisation},
            _("Every group and workshop from %(organisation)s. Cancelled sessions drop out by themselves.")
            % {"organisation": organisation},
        )

    return _public_feed(request, scope=CalendarScope.site(), describe=describe, filename="all-groups-and-workshops.ics")


@require_safe
def area_ical(request, page_id: int):
    area = _feed_page(AreaPage.objects.filter(public_pages_q()), page_id)
    return _public_feed(
        request,
        scope=CalendarScope.area(area),
        describe=lambda: (
            # Translators: the name of the calendar of every group in an area, e.g. "Croydon: groups".
            _("%(area)s: groups") % {"area": area.title},
            _("Every group in %(area)s. Cancelled sessions drop out by themselves.") % {"area": area.title},
        ),
        filename=f"{area.slug}.ics",
    )


@require_safe
def page_ical(request, page_id: int):
    """The feed of one group or one workshop."""
    page = _feed_page(Page.objects.filter(public_pages_q()).type(GroupPage, WorkshopPage), page_id)
    return _public_feed(
        request,
        scope=CalendarScope.for_page(page),
        describe=lambda: (
            page.title,
            _("Sessions of %(title)s. Cancelled sessions drop out by themselves.") % {"title": page.title},
        ),
        filename=f"{page.slug}.ics",
    )


@require_safe
def session_ical(request, session_id: int):
    """One session, to add to a calendar by hand ("add to my calendar")."""
    session = get_object_or_404(sessions_public().select_related("page", "venue", "moved_from_venue"), pk=session_id)
    return _calendar_response(
        request,
        validators_key=f"session-{session.pk}|{session.updated_at}|{session.sequence}|{session.page.last_published_at}",
        last_modified=max(filter(None, [session.updated_at, session.page.last_published_at])),
        build=lambda: ical.sessions_calendar(
            sessions=[session], name=session.page.title, page_url=_page_url_memo(request)
        ),
        filename=f"{session.page.slug}-{session.start.astimezone(LOCAL_TZ):%Y-%m-%d}.ics",
    )


@require_safe
def personal_ical(request, token: str):
    """The sessions one family has booked, at an address only they know."""
    contact = contact_for_feed_token(token)
    if contact is None:
        raise Http404(_("No calendar at this address. It may have been reset."))
    scope = CalendarScope.personal(contact)
    since = calendar_window_start()
    version = _feed_version(scope, since)
    # In the language the family booked in, whatever language the calendar app asks in.
    language = family_language(contact)

    def build():
        return ical.sessions_calendar(
            sessions=calendar_sessions(scope, since=since),
            # Translators: the name of a family's own calendar of the sessions they booked.
            name=_("My sessions: %(organisation)s") % {"organisation": _organisation_name(request)},
            description=_("The sessions you have booked. Anyone with this calendar's address can see these dates."),
            page_url=_page_url_memo(request),
            booked=True,
        )

    return _calendar_response(
        request,
        validators_key=f"{version.key}|{language}",
        last_modified=version.last_modified,
        build=_in_language(language, build),
        filename="my-sessions.ics",
        private=True,
        language=recipient_language(contact),
    )
