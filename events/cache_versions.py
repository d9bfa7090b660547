"""Which cached pages and feeds a change to sessions, bookings or event pages makes stale.

A session shows on its group's (or workshop's) page, on the page above it (its area,
or the workshop list), on the home page while it is among the next ones there, in the
whole-site feed, its area's and its page's feeds, and in the own feed of each family
booked on it. A change to the session replaces the versions of exactly those
(web.page_cache.page_version_key for pages, whose feeds share them), so the rest of the
site stays in the cache. A booking or a waiting-list change alters only the places
left, which the pages show and the public feeds do not: it replaces those pages'
places versions (page_places_version_key) and the booked family's own feed, so the
feeds and what the pages list beside their places stay cached.

The services change sessions and bookings; the signals here only note which ones, in
a callback that runs once the transaction commits, and that callback finds the pages
and families concerned (a few small queries, after the locks are let go) and replaces
their versions in one write. A rolled-back booking replaces nothing.
"""

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Page

from events.models import AreaIndexPage, AreaPage, GroupNewsPage, GroupPage, WorkshopIndexPage, WorkshopPage
from events.models.bookings import Booking, WaitingEntry
from events.models.schedules import Schedule, Session
from events.selectors.calendar import CalendarScope
from events.selectors.pages import home_sessions_cut_off
from web.page_cache import (
    STRUCTURE_VERSION_KEY,
    VERSION_KEY,
    page_places_version_key,
    page_version_key,
    pending_on_commit,
    remembered,
    versions_replace,
    watch_publishing,
)

# Every session of the site: the whole-site feed.
SESSIONS_VERSION_KEY = "page-cache:sessions-version"
# The public groups and their venues: the places search knows (search/places.py).
GROUPS_VERSION_KEY = "page-cache:groups-version"
# Which sessions there are and when: replaced when a session or a schedule changes, not by bookings.
SESSION_TIMES_VERSION_KEY = "page-cache:session-times-version"


def personal_version_key(contact_id: int) -> str:
    """The version of one family's own feed."""
    return f"page-cache:personal-version:{contact_id}"


def feed_versions(scope: CalendarScope) -> tuple[str, ...]:
    """The versions a calendar feed's figures are kept under (web.page_cache.remembered)."""
    if scope.kind == "site":
        return (VERSION_KEY, SESSIONS_VERSION_KEY)
    if scope.kind == "personal":
        return (VERSION_KEY, personal_version_key(scope.contact.pk))
    # An area's feed shares the area page's version, which every session of its groups replaces.
    return (VERSION_KEY, page_version_key(scope.page.translation_key))


class _StaleAfterCommit:
    """What one transaction changed, made stale once it commits (see the module docstring)."""

    def __init__(self):
        self.done = False
        # Sessions whose places or waiting list changed.
        self.session_ids: set[int] = set()
        # Sessions that changed themselves (time, venue, status): every family booked hears.
        self.changed_session_ids: set[int] = set()
        # Pages whose sessions changed in ways that may not leave a session behind (deleted, schedules).
        self.page_ids: set[int] = set()
        self.contact_ids: set[int] = set()
        # Where the sessions were and are in time: the home page lists the next few.
        self.starts: set[dt.datetime] = set()
        self.home_listing_unknown = False
        # Sessions whose page and times the change already had in hand: not read again.
        self.known: dict[int, tuple[int, dt.datetime, dt.datetime | None]] = {}

    def __call__(self):
        self.done = True
        versions_replace(self.keys())

    def keys(self) -> set[str]:
        # A session that changed itself may show anywhere a session does; one whose places
        # alone changed shows differently only on pages, and in the own feed of the family
        # who booked (public feeds say nothing of places).
        changed = self._pages_and_starts(self.changed_session_ids, self.page_ids, self.starts)
        places = self._pages_and_starts(self.session_ids - self.changed_session_ids, (), ())
        contact_ids = set(self.contact_ids)
        if self.changed_session_ids:
            booked = Booking.objects.filter(session_id__in=self.changed_session_ids, contact__isnull=False)
            contact_ids.update(booked.values_list("contact_id", flat=True).distinct())
        keys = {personal_version_key(pk) for pk in contact_ids}
        if changed[0]:
            keys.update((SESSIONS_VERSION_KEY, SESSION_TIMES_VERSION_KEY))
        for (page_ids, starts), version_key in ((changed, page_version_key), (places, page_places_version_key)):
            homes = set()
            for own, parent, home in _pages_with_parent_and_home(page_ids):
                keys.update(version_key(key) for key in (own, parent) if key)
                homes.add(home)
            if homes - {None} and self._home_lists(starts):
                keys.update(version_key(home) for home in homes if home)
        return keys

    def _pages_and_starts(self, session_ids, page_ids, starts) -> tuple[set[int], set[dt.datetime]]:
        """The pages of these sessions and `page_ids`, and where the sessions were and are in time."""
        rows = [self.known[pk] for pk in session_ids if pk in self.known]
        if unknown := session_ids - self.known.keys():
            rows += Session.objects.filter(pk__in=unknown).values_list("page_id", "start", "moved_from_start")
        page_ids, starts = set(page_ids), set(starts)
        for page_id, start, moved_from_start in rows:
            page_ids.add(page_id)
            starts.update(filter(None, (start, moved_from_start)))
        return page_ids, starts

    def _sessions_moved(self) -> bool:
        """Whether sessions themselves changed (added, moved, removed, a schedule), not only their places."""
        return bool(self.changed_session_ids or self.page_ids or self.home_listing_unknown)

    def _home_lists(self, starts) -> bool:
        """Whether the home page lists (or listed) any of these sessions, as its own selector picks them."""
        if self.home_listing_unknown:
            return True
        # A booking leaves the sessions where they were, so the cut-off read for an earlier
        # booking holds; a change to the sessions themselves reads it afresh.
        last = home_sessions_cut_off()[0] if self._sessions_moved() else _home_sessions_last_start_remembered()
        # Fewer sessions to come than the home page shows: it shows them all.
        return last is None or any(start <= last for start in starts)


def _home_sessions_last_start_remembered():
    """home_sessions_cut_off's last start, remembered until a session or the page tree changes
    or the first session listed ends (then read afresh, as after any change)."""
    last_start, first_end = remembered(
        "home-sessions-cut-off", home_sessions_cut_off, versions=(STRUCTURE_VERSION_KEY, SESSION_TIMES_VERSION_KEY)
    )
    now = timezone.now()
    if first_end is not None and now > first_end:
        return home_sessions_cut_off(now)[0]
    return last_start


def _pages_with_parent_and_home(page_ids):
    """(translation key of each page, of the page above it, of the home page above it), in one query.

    Remembered until the tree changes (the structure version): where a page sits only
    changes when a page is added, moved, renamed or deleted, so a booking reads none.
    """
    if not page_ids:
        return []
    ids = sorted(page_ids)
    return remembered(
        "page-ancestry|" + ",".join(map(str, ids)), lambda: list(_ancestry_read(ids)), versions=(STRUCTURE_VERSION_KEY,)
    )


def _ancestry_read(page_ids):

    def ancestor_key(path_length):
        ancestor = Page.objects.filter(path=Substr(OuterRef("path"), 1, path_length)).values("translation_key")[:1]
        return Subquery(ancestor)

    return Page.objects.filter(pk__in=page_ids).values_list(
        "translation_key",
        ancestor_key(Length(OuterRef("path")) - Page.steplen),
        # The home page sits just below the tree's root.
        ancestor_key(2 * Page.steplen),
    )


def _stale(
    *, session_ids=(), changed_session_ids=(), page_ids=(), contact_ids=(), starts=(), home_unknown=False, known=None
) -> None:
    """Note what changed, for the one callback that runs when the transaction commits."""
    pending = pending_on_commit(_StaleAfterCommit)
    fresh = pending is None
    if fresh:
        pending = _StaleAfterCommit()
    pending.session_ids.update(session_ids)
    pending.changed_session_ids.update(changed_session_ids)
    pending.page_ids.update(page_ids)
    pending.contact_ids.update(pk for pk in contact_ids if pk)
    pending.starts.update(start for start in starts if start)
    pending.home_listing_unknown |= home_unknown
    pending.known.update(known or {})
    if fresh:
        # robust: a cache outage must never turn a committed booking into an error page.
        transaction.on_commit(pending, robust=True)


def bookings_changed(*, session_ids, contact_ids=()) -> None:
    """Places or waiting lists of these sessions changed, and these families' own bookings.

    For writes that send no signals (queryset updates); saves and deletes of bookings and
    waiting-list entries call it themselves.
    """
    _stale(session_ids=session_ids, contact_ids=contact_ids)


def sessions_changed(*, sessions) -> None:
    """These sessions changed (time, venue, status, places), or were deleted: everyone booked on them hears."""
    sessions = list(sessions)
    _stale(
        changed_session_ids=[session.pk for session in sessions if session.pk],
        page_ids=[session.page_id for session in sessions],
        starts=[start for session in sessions for start in (session.start, session.moved_from_start)],
    )


def _session_in_hand(row) -> dict:
    """The session of a booking or waiting-list entry as the service loaded it, if it did: not read again."""
    if not type(row).session.is_cached(row):
        return {}
    session = row.session
    if session is None or session.pk != row.session_id:
        return {}
    return {session.pk: (session.page_id, session.start, session.moved_from_start)}


def _on_booking_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _stale(session_ids=[instance.session_id], contact_ids=[instance.contact_id], known=_session_in_hand(instance))


def _on_waiting_entry_saved(sender, instance, raw=False, **kwargs):
    # A waiting list shows on the session's pages; a family's own feed lists only what they booked.
    if not raw:
        _stale(session_ids=[instance.session_id], known=_session_in_hand(instance))


def _on_session_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sessions_changed(sessions=[instance])


def _on_schedule_saved(sender, instance, raw=False, **kwargs):
    # A schedule's times show in its page's feeds; which of its sessions the home page lists is not known here.
    if not raw:
        _stale(page_ids=[instance.page_id], home_unknown=True)


def _group_publishing_stale(page) -> tuple[str, ...]:
    # Its sessions' feeds name the page, and search knows the places its groups meet.
    return (SESSIONS_VERSION_KEY, GROUPS_VERSION_KEY)


def _workshop_publishing_stale(page) -> tuple[str, ...]:
    # The pages of the groups it is run with list it.
    groups = GroupPage.objects.filter(workshops=page).values_list("translation_key", flat=True)
    return (SESSIONS_VERSION_KEY, *(page_version_key(key) for key in groups))


def _news_publishing_stale(page) -> tuple[str, ...]:
    # Every group page of the area lists the area's newest posts ("from other groups").
    area_path = page.path[: -2 * Page.steplen]
    groups = GroupPage.objects.filter(path__startswith=area_path).values_list("translation_key", flat=True)
    return tuple(page_version_key(key) for key in groups)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_on_booking_saved, sender=Booking, dispatch_uid=f"events.stale_booking_{id(signal)}")
        signal.connect(_on_waiting_entry_saved, sender=WaitingEntry, dispatch_uid=f"events.stale_waiting_{id(signal)}")
        signal.connect(_on_session_saved, sender=Session, dispatch_uid=f"events.stale_session_{id(signal)}")
        signal.connect(_on_schedule_saved, sender=Schedule, dispatch_uid=f"events.stale_schedule_{id(signal)}")
    for model in (AreaIndexPage, AreaPage, WorkshopIndexPage):
        watch_publishing(model)
    watch_publishing(GroupPage, _group_publishing_stale)
    watch_publishing(WorkshopPage, _workshop_publishing_stale)
    watch_publishing(GroupNewsPage, _news_publishing_stale)
