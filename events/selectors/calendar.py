"""What the calendar feeds list, and the version that names each feed's cached file."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import (
    ExtractDay,
    ExtractHour,
    ExtractIsoWeekDay,
    ExtractMinute,
    ExtractMonth,
    ExtractYear,
)
from django.utils import timezone
from wagtail.models import Page

from events.ical_rules import read_alike, recur_starts, rule_parts, wall_clock
from events.models.bookings import LIVE_BOOKING_STATUSES, Booking
from events.models.contacts import Contact
from events.models.schedules import Schedule, Session, SessionStatus
from events.models.venues import Venue
from events.recurrence import LOCAL_TZ, UTC, local_date, local_datetime, schedule_occurrences
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


# A public feed from schedules and their exceptions -----------------------------------
#
# A feed publishes a schedule as one recurring event, so the sessions that simply
# follow its rule add nothing to the file but their dates, and the rule gives those.
# They are counted, not loaded: a feed costs the same for a group a year ahead as
# for one a month ahead, and grows with what staff changed (cancelled, moved, extra
# or hand-added sessions), not with the dates.


def _extra_starts(schedules) -> set[dt.datetime]:
    """Where the extra dates of `schedules` start: a feed shows those as events of their own."""
    return {
        local_datetime(local_date(extra), schedule.start_time).astimezone(UTC)
        for schedule in schedules
        if schedule.recurrences
        for extra in schedule.recurrences.rdates
    }


def _one_rule(schedule: Schedule) -> bool:
    """Whether the feed publishes `schedule` as one rule (its extra dates aside), so its dates can be counted."""
    recurrence = schedule.recurrences
    return recurrence is not None and len(recurrence.rrules) == 1 and not recurrence.exrules


def _follows_rule(schedules: dict[int, Schedule]):
    """True for a session that could be a plain date of its schedule's rule: as the rule put it, on its page.

    Only for schedules published as one rule, and never on an extra date (an event of
    its own in the feed). A CASE rather than a bare condition, so that a NULL in any
    part makes it false, never unknown.
    """
    counted = [schedule for schedule in schedules.values() if _one_rule(schedule)]
    extra_starts = _extra_starts(counted)
    condition = Q(
        schedule__in=[schedule.pk for schedule in counted],
        occurrence_start__isnull=False,
        status=SessionStatus.SCHEDULED,
        start=F("occurrence_start"),
        page_id=F("schedule__page_id"),
    )
    if extra_starts:
        condition &= ~Q(occurrence_start__in=sorted(extra_starts))
    return Case(
        When(condition, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _day_figure(year: int, month: int, day: int) -> int:
    return day + 32 * month + 400 * year


def _time_figure(weekday: int, hour: int, minute: int) -> int:
    """`weekday` from 1 (Monday) to 7 (Sunday)."""
    # Not ExtractWeekDay: on PostgreSQL its "EXTRACT(DOW ...) + 1" goes into a product unbracketed.
    return 10000 * weekday + 100 * hour + minute


@dataclass
class PlainSessions:
    """The sessions of one schedule that follow its rule exactly, as one stand-in.

    `occurrences` are their starts (UTC, soonest first), worked out from the rule and
    checked against the count and checksums of the rows. They share `page`, `venue`
    and their length (the schedule's); `updated_at` is the latest change to any of them.
    """

    schedule: Schedule
    page: Page
    venue: Venue | None
    occurrences: list[dt.datetime]
    updated_at: dt.datetime
    status = SessionStatus.SCHEDULED
    pk = None

    @property
    def venue_id(self):
        return self.venue.pk if self.venue else None


@dataclass(frozen=True)
class FeedSessions:
    """What a public feed shows: `sessions` one by one (every session that is not a plain
    date of its rule, cancelled ones included), and `plain` {schedule id: PlainSessions}."""

    sessions: list[Session]
    plain: dict[int, PlainSessions]


def _plain_occurrences(schedule: Schedule, group: dict, taken: set[dt.datetime]) -> list[dt.datetime] | None:
    """The starts of a schedule's plain sessions, from its rule, or None if the rows say otherwise.

    `group` has the count, first and last start and checksums of the rows; `taken` the
    starts of its other sessions in the feed (moved, cancelled, changed). None when
    the rule cannot say (a time the clocks make ambiguous, a length of its own) or
    does not match the rows: the rows are read then.
    """
    if group["length"] != dt.timedelta(minutes=schedule.duration_minutes):
        return None
    first, last = group["first"].astimezone(UTC), group["last"].astimezone(UTC)
    length = dt.timedelta(minutes=schedule.duration_minutes)
    # The starts the feed's rule gives, as events.ical expands it: a date it does not
    # give would be an event of its own, which needs its row.
    in_rule = {
        start
        for _wall, start in recur_starts(
            rule_parts(schedule.recurrences.rrules[0]),
            dtstart=dt.datetime.combine(schedule.starts_on, schedule.start_time),
            until=wall_clock(last),
        )
    }
    occurrences = []
    days_sum = times_sum = 0
    for start, _end in schedule_occurrences(schedule, first=local_date(first), last=local_date(last)):
        start = start.astimezone(UTC)
        if not first <= start <= last or start in taken:
            continue
        wall = dt.datetime.combine(local_date(start), schedule.start_time)
        if start not in in_rule or not read_alike(wall, length) or wall_clock(start) != wall:
            return None
        occurrences.append(start)
        days_sum += _day_figure(start.year, start.month, start.day)
        times_sum += _time_figure(start.isoweekday(), start.hour, start.minute)
    if (len(occurrences), days_sum, times_sum) != (group["count"], group["days_sum"], group["times_sum"]):
        return None
    return occurrences


def _venue_outnumbers(venue_id, count: int, others: list[Session]) -> bool:
    """Whether the plain sessions' venue is the series' venue whichever dates it starts at:
    more of them than of the unmoved other sessions at any other venue."""
    elsewhere = Counter(
        s.venue_id
        for s in others
        if s.status not in (SessionStatus.MOVED, SessionStatus.CANCELLED) and s.venue_id != venue_id
    )
    return all(count > each for each in elsewhere.values())


def calendar_feed_sessions(scope: CalendarScope, *, since: dt.datetime | None = None) -> FeedSessions:
    """What a public feed of `scope` shows, in four queries however many sessions there are.

    The schedules with their pages come first (one query), then the sessions that
    follow their rule, grouped and counted (one), then the others, read (one), and
    the venues (one). A schedule whose counted sessions its rule cannot account for
    exactly has them read too (one more), so the feed always says what the rows say;
    so does a page no schedule brought (one more).
    """
    if scope.kind == "personal":
        raise ValueError("A family's feed lists each session they booked: use calendar_sessions")
    since = since or calendar_window_start()
    window = _calendar_scope_sessions(scope, since)
    schedules = (
        Schedule.objects.filter(pk__in=window.values("schedule_id"))
        .select_related("page")
        .annotate(sessions_changed_at=Max("sessions__updated_at"))
        .in_bulk()
    )
    window = window.alias(follows_rule=_follows_rule(schedules))
    in_utc = {"tzinfo": UTC}
    instant_day = (
        ExtractDay("occurrence_start", **in_utc)
        + 32 * ExtractMonth("occurrence_start", **in_utc)
        + 400 * ExtractYear("occurrence_start", **in_utc)
    )
    instant_time = (
        10000 * ExtractIsoWeekDay("occurrence_start", **in_utc)
        + 100 * ExtractHour("occurrence_start", **in_utc)
        + ExtractMinute("occurrence_start", **in_utc)
    )
    groups = list(
        window.filter(follows_rule=True)
        .annotate(length=ExpressionWrapper(F("end") - F("start"), output_field=DurationField()))
        .values("schedule_id", "venue_id", "length")
        .annotate(
            count=Count("pk"),
            first=Min("occurrence_start"),
            last=Max("occurrence_start"),
            updated_at=Max("updated_at"),
            # Two checksums of the starts (in UTC): with the count, they tell whether the
            # sessions counted are exactly the dates the rule gives, without reading them.
            days_sum=Sum(instant_day),
            times_sum=Sum(instant_time),
        )
        .order_by()
    )
    sessions = list(window.filter(follows_rule=False).order_by("start", "pk"))
    groups_by_schedule: dict[int, list[dict]] = {}
    for group in groups:
        groups_by_schedule.setdefault(group["schedule_id"], []).append(group)

    others_by_schedule: dict[int, list[Session]] = {}
    for session in sessions:
        others_by_schedule.setdefault(session.schedule_id, []).append(session)
    plain_groups: dict[int, tuple[dict, list[dt.datetime]]] = {}
    read_rows = []
    for schedule_id, schedule_groups in groups_by_schedule.items():
        schedule, others = schedules[schedule_id], others_by_schedule.get(schedule_id, [])
        occurrences = None
        if len(schedule_groups) == 1 and _venue_outnumbers(
            schedule_groups[0]["venue_id"], schedule_groups[0]["count"], others
        ):
            taken = {s.occurrence_start.astimezone(UTC) for s in others if s.occurrence_start}
            occurrences = _plain_occurrences(schedule, schedule_groups[0], taken)
        if occurrences is None:
            read_rows.append(schedule_id)
        else:
            plain_groups[schedule_id] = (schedule_groups[0], occurrences)
    if read_rows:
        sessions += window.filter(follows_rule=True, schedule_id__in=read_rows)

    page_ids = {s.page_id for s in sessions} | {schedules[pk].page_id for pk in plain_groups}
    venue_ids = {s.venue_id for s in sessions} | {s.moved_from_venue_id for s in sessions}
    venue_ids |= {group["venue_id"] for group, _ in plain_groups.values()}
    pages = {schedule.page_id: schedule.page for schedule in schedules.values()}
    if missing := page_ids - pages.keys():
        # Sessions added by hand with no schedule, or on another page than their schedule's.
        pages |= Page.objects.in_bulk(missing)
    venues = Venue.objects.in_bulk(venue_ids - {None})
    for session in sessions:
        session.page = pages[session.page_id]
        session.venue = venues.get(session.venue_id)
        session.moved_from_venue = venues.get(session.moved_from_venue_id)
        if session.schedule_id:
            session.schedule = schedules[session.schedule_id]
    plain = {
        schedule_id: PlainSessions(
            schedule=schedules[schedule_id],
            page=pages[schedules[schedule_id].page_id],
            venue=venues.get(group["venue_id"]),
            occurrences=occurrences,
            updated_at=group["updated_at"],
        )
        for schedule_id, (group, occurrences) in plain_groups.items()
    }
    sessions.sort(key=lambda s: (s.start, s.pk))
    return FeedSessions(sessions=sessions, plain=plain)
