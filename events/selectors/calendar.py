"""What the calendar feeds list, and the version that names each feed's cached file."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Sum,
)
from django.utils import timezone
from wagtail.models import Page

from events.models.bookings import LIVE_BOOKING_STATUSES, Booking
from events.models.contacts import Contact
from events.models.schedules import Schedule, Session, SessionStatus
from events.recurrence import LOCAL_TZ
from events.selectors.sessions import (
    sessions_public,
)


@dataclass(frozen=True)
class CalendarScope:
    """Which sessions a calendar feed lists: the whole site, the groups of an area,
    one group or workshop page, or the sessions one family has booked."""

    kind: str
    page: Page | None = None
    contact: Contact | None = None

    @classmethod
    def site(cls):
        return cls("site")

    @classmethod
    def area(cls, area):
        return cls("area", page=area)

    @classmethod
    def for_page(cls, page):
        return cls("page", page=page)

    @classmethod
    def personal(cls, contact):
        return cls("personal", contact=contact)

    @property
    def key(self) -> str:
        owner = self.page or self.contact
        return f"{self.kind}-{owner.pk}" if owner else self.kind


@dataclass(frozen=True)
class FeedVersion:
    """Identifies one state of a feed: `key` changes whenever what the feed shows may have."""

    key: str
    last_modified: dt.datetime


def calendar_window_start(now: dt.datetime | None = None) -> dt.datetime:
    """Feeds list sessions that end at or after the start of today, local time.

    The site lists sessions until they end; a feed keeps the rest of the day so that
    its content (and its cached copy) changes at most once a day when no data does.
    """
    local_now = timezone.localtime(now or timezone.now(), LOCAL_TZ)
    return local_now.replace(hour=0, minute=0, second=0, microsecond=0)


def _calendar_scope_sessions(scope: CalendarScope, since: dt.datetime):
    """Every session in the scope's window, cancelled ones included.

    A family's own feed lists what they booked even on a page since made private or
    unpublished: they hold its secret address, and the booking still stands.
    """
    if scope.kind == "personal":
        booked = Booking.objects.filter(session=OuterRef("pk"), contact=scope.contact, status__in=LIVE_BOOKING_STATUSES)
        return Session.objects.filter(Exists(booked), end__gte=since)
    queryset = sessions_public().filter(end__gte=since)
    if scope.kind == "area":
        queryset = queryset.filter(page__path__startswith=scope.page.path, page__depth__gt=scope.page.depth)
    elif scope.kind == "page":
        queryset = queryset.filter(page=scope.page)
    elif scope.kind != "site":
        raise ValueError(f"Unknown calendar scope {scope.kind!r}")
    return queryset


def calendar_sessions(scope: CalendarScope, *, since: dt.datetime | None = None) -> list[Session]:
    """The sessions a feed lists, soonest first: four queries however many there are (five with a moved one).

    Cancelled sessions are left out (the feed drops them). Each session comes with its
    page, venue (and the one before a move) and schedule, fetched once each and shared by the sessions that have
    them (a page object per row would cost more than the rest of the feed); schedules
    are annotated with `sessions_changed_at`, the last change to any of their sessions.
    """
    since = since or calendar_window_start()
    schedules = Schedule.objects.annotate(sessions_changed_at=Max("sessions__updated_at"))
    return list(
        _calendar_scope_sessions(scope, since)
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("page", "venue", "moved_from_venue", Prefetch("schedule", queryset=schedules))
        .order_by("start", "pk")
    )


def feed_version(scope: CalendarScope, *, since: dt.datetime | None = None) -> FeedVersion:
    """The version of a feed, from one aggregate query over the sessions it covers.

    A cancellation, move, new or removed session, schedule edit, venue edit or page
    publish changes at least one of the figures, so the next request sees a new version.
    The day is part of it too, because the feed drops sessions once their day is over.
    """
    since = since or calendar_window_start()
    row = _calendar_scope_sessions(scope, since).aggregate(
        sessions=Count("pk"),
        sessions_changed=Max("updated_at"),
        sequences=Sum("sequence"),
        schedules_changed=Max("schedule__updated_at"),
        venues_changed=Max("venue__updated_at"),
        pages_published=Max("page__last_published_at"),
    )
    scope_published = scope.page.last_published_at if scope.page else None
    figures = [scope.key, since.date().isoformat(), *row.values(), scope_published]
    changes = [
        row["sessions_changed"],
        row["schedules_changed"],
        row["venues_changed"],
        row["pages_published"],
        scope_published,
        since,
    ]
    return FeedVersion(
        key="|".join(str(figure) for figure in figures),
        last_modified=max(change for change in changes if change is not None),
    )
