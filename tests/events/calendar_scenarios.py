"""A year of groups and workshops for the calendar tests, and an independent reader of feeds.

The year runs from Monday 30 November 2026 and spans both clock changes of 2027
(summer time from Sunday 28 March, winter time from Sunday 31 October). It has
weekly, fortnightly and monthly groups, excluded and extra dates, one-off and
hand-added sessions, and sessions that staff cancelled or moved, all made through
the booking services as staff would make them.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from unittest import mock

import icalendar
import recurring_ical_events
from django.utils import timezone

from events.models import AreaPage, GroupPage, Schedule, Session, Venue, WorkshopPage
from events.recurrence import LOCAL_TZ, Repeats, local_datetime, recurrence_build
from events.selectors import sessions_upcoming
from events.services import session_add, session_cancel, session_move, sessions_sync
from tests.factories import SiteTree, area_add, group_add, site_tree, venue_add, workshop_add

UTC = dt.UTC
START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 30 November 2026, 09:00
HORIZON_DAYS = 366
SPRING_FORWARD = dt.date(2027, 3, 28)
FALL_BACK = dt.date(2027, 10, 31)
FAR_FUTURE = dt.datetime(2030, 1, 1, tzinfo=UTC)


class Clock:
    """Stands in for django.utils.timezone.now: a fixed time that moves on by a
    millisecond on every reading, as real time does, so saves get increasing times."""

    def __init__(self, start: dt.datetime):
        self.current = start

    def __call__(self) -> dt.datetime:
        self.current += dt.timedelta(milliseconds=1)
        return self.current

    def move_to(self, moment: dt.datetime) -> None:
        self.current = moment


def clock_started(start: dt.datetime = START):
    """Patch the clock for a test: `with clock_started() as clock: ...`."""
    clock = Clock(start)
    patcher = mock.patch("django.utils.timezone.now", new=clock)

    class _Running:
        def __enter__(self):
            patcher.start()
            return clock

        def __exit__(self, *exc):
            patcher.stop()

    return _Running()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return local_datetime(day, dt.time(hour, minute))


def schedule_create(
    page,
    *,
    repeats: str,
    weekday: int,
    starts_on: dt.date,
    start_time: dt.time,
    ends_on: dt.date | None = None,
    week_of_month: int | None = None,
    excluded=(),
    extra=(),
    duration_minutes: int = 120,
    horizon_days: int = HORIZON_DAYS,
    label: str = "",
) -> Schedule:
    schedule = Schedule.objects.create(
        page=page,
        label=label,
        recurrences=recurrence_build(
            repeats=repeats,
            weekday=weekday,
            week_of_month=week_of_month,
            excluded=excluded,
            extra=extra,
            at=start_time,
        ),
        starts_on=starts_on,
        ends_on=ends_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
    )
    sessions_sync(schedule=schedule, horizon_days=horizon_days)
    return schedule


def session_on(schedule_or_page, day: dt.date) -> Session:
    """The session whose rule date (or, for hand-added ones, start) falls on `day`."""
    if isinstance(schedule_or_page, Schedule):
        sessions = Session.objects.filter(schedule=schedule_or_page)
        return next(s for s in sessions if timezone.localtime(s.occurrence_start, LOCAL_TZ).date() == day)
    sessions = Session.objects.filter(page=schedule_or_page)
    return next(s for s in sessions if timezone.localtime(s.start, LOCAL_TZ).date() == day)


@dataclass
class Year:
    tree: SiteTree
    borders: AreaPage
    croydon: AreaPage
    hall: Venue
    cafe: Venue
    centre: Venue
    peebles: GroupPage
    innerleithen: GroupPage
    broughton: GroupPage
    walkerburn: GroupPage
    west_linton: GroupPage
    croydon_mums: GroupPage
    sleep_workshop: WorkshopPage
    weaning_workshop: WorkshopPage
    schedules: dict[str, Schedule] = field(default_factory=dict)
    moved_across_spring: Session | None = None
    moved_venue_only: Session | None = None
    cancelled: list[Session] = field(default_factory=list)
    hand_added: Session | None = None

    @property
    def pages(self):
        return [
            self.peebles,
            self.innerleithen,
            self.broughton,
            self.walkerburn,
            self.west_linton,
            self.croydon_mums,
            self.sleep_workshop,
            self.weaning_workshop,
        ]


def year_build(*, horizon_days: int = HORIZON_DAYS) -> Year:
    """Build the year (call with the clock at START)."""
    tree = site_tree()
    borders = area_add(tree, "Scottish Borders West")
    croydon = area_add(tree, "Croydon")
    hall = venue_add("Peebles Church Hall", area=borders, address="Eastgate\nPeebles", postcode="EH45 8AD")
    cafe = venue_add("Innerleithen Community Cafe", area=borders, address="High Street\nInnerleithen")
    centre = venue_add(
        "Thornton Heath Community Centre", area=croydon, address="Parchmore Road\nThornton Heath", postcode="CR7 8LX"
    )
    year = Year(
        tree=tree,
        borders=borders,
        croydon=croydon,
        hall=hall,
        cafe=cafe,
        centre=centre,
        peebles=group_add(borders, "Peebles parents and toddlers", venue=hall),
        innerleithen=group_add(borders, "Innerleithen dads", venue=cafe),
        broughton=group_add(borders, "Broughton Sunday stay and play", venue=hall),
        walkerburn=group_add(borders, "Walkerburn evening group", venue=cafe),
        west_linton=group_add(borders, "West Linton bumps and babies", venue=hall),
        croydon_mums=group_add(croydon, "Mums together", venue=centre, women_only=True),
        sleep_workshop=workshop_add(tree.workshop_index, "Sleep and settling", venue=centre),
        weaning_workshop=workshop_add(tree.workshop_index, "Starting solid food", venue=hall),
    )
    schedules = year.schedules
    schedules["peebles"] = schedule_create(
        year.peebles,
        repeats=Repeats.WEEKLY,
        weekday=1,  # Tuesday
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 11, 30),
        start_time=dt.time(10),
        excluded=[dt.date(2026, 12, 22), dt.date(2026, 12, 29), dt.date(2027, 4, 6)],
        extra=[dt.date(2027, 2, 18)],  # a Thursday in the February holiday
        horizon_days=horizon_days,
        label="Term time and holidays",
    )
    schedules["innerleithen"] = schedule_create(
        year.innerleithen,
        repeats=Repeats.FORTNIGHTLY,
        weekday=5,  # Saturday
        starts_on=dt.date(2026, 12, 5),
        start_time=dt.time(10, 30),
        duration_minutes=90,
        horizon_days=horizon_days,
    )
    schedules["broughton"] = schedule_create(
        year.broughton,
        repeats=Repeats.WEEKLY,
        weekday=6,  # Sunday: meets on both clock-change days
        starts_on=dt.date(2026, 12, 6),
        start_time=dt.time(9, 30),
        horizon_days=horizon_days,
    )
    schedules["walkerburn"] = schedule_create(
        year.walkerburn,
        repeats=Repeats.MONTHLY,
        weekday=4,  # the last Friday
        week_of_month=-1,
        starts_on=dt.date(2026, 12, 1),
        start_time=dt.time(18, 30),
        horizon_days=horizon_days,
    )
    schedules["west_linton"] = schedule_create(
        year.west_linton,
        repeats=Repeats.MONTHLY,
        weekday=1,  # the second Tuesday
        week_of_month=2,
        starts_on=dt.date(2026, 12, 1),
        start_time=dt.time(13),
        duration_minutes=90,
        horizon_days=horizon_days,
    )
    schedules["croydon_mums"] = schedule_create(
        year.croydon_mums,
        repeats=Repeats.WEEKLY,
        weekday=2,  # Wednesday
        starts_on=dt.date(2026, 12, 2),
        start_time=dt.time(10),
        horizon_days=horizon_days,
    )
    # One-off Saturday workshops, the day before each clock change.
    schedules["sleep_workshop"] = schedule_create(
        year.sleep_workshop,
        repeats=Repeats.ONCE,
        weekday=5,
        starts_on=dt.date(2027, 3, 27),
        ends_on=dt.date(2027, 3, 27),
        start_time=dt.time(10),
        horizon_days=horizon_days,
    )
    schedules["weaning_workshop"] = schedule_create(
        year.weaning_workshop,
        repeats=Repeats.ONCE,
        weekday=5,
        starts_on=dt.date(2027, 10, 30),
        ends_on=dt.date(2027, 11, 6),
        start_time=dt.time(10),
        extra=[dt.date(2027, 11, 6)],  # and a second part a week later
        horizon_days=horizon_days,
    )

    peebles = schedules["peebles"]
    # Moved across the spring clock change: Tuesday 23 March 10:00 GMT to
    # Wednesday 31 March 11:00 BST, at the cafe.
    year.moved_across_spring = session_move(
        session=session_on(peebles, dt.date(2027, 3, 23)),
        start=at(dt.date(2027, 3, 31), 11),
        end=at(dt.date(2027, 3, 31), 13),
        venue=cafe,
        reason="The hall is being painted.",
    )
    year.cancelled.append(session_cancel(session=session_on(peebles, dt.date(2027, 3, 30)), reason="Leader unwell."))
    if horizon_days >= 340:
        year.moved_venue_only = session_move(
            session=session_on(peebles, dt.date(2027, 11, 2)),
            start=at(dt.date(2027, 11, 2), 10),
            end=at(dt.date(2027, 11, 2), 12),
            venue=cafe,
        )
        year.cancelled.append(
            session_cancel(session=session_on(schedules["broughton"], FALL_BACK), reason="Hall booked for a wedding.")
        )
    year.hand_added = session_add(
        page=year.croydon_mums,
        start=at(dt.date(2027, 1, 9), 14),
        end=at(dt.date(2027, 1, 9), 15, 30),
        venue=centre,
    )
    return year


# Reading feeds back, as a calendar app would -----------------------------------


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def expanded(body: bytes, start: dt.datetime, end: dt.datetime = FAR_FUTURE) -> Counter:
    """(start, end) in UTC of every occurrence recurring-ical-events finds in the feed."""
    occurrences = recurring_ical_events.of(parse(body)).between(start, end)
    return Counter(
        (event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC)) for event in occurrences
    )


def listed(since: dt.datetime, **scope) -> Counter:
    """(start, end) in UTC of every session the site lists from `since`, cancelled ones left out."""
    return Counter(
        (session.start.astimezone(UTC), session.end.astimezone(UTC))
        for session in sessions_upcoming(after=since, include_cancelled=False, **scope)
    )


def unfolded_lines(body: bytes) -> list[str]:
    """The content lines of a calendar file, with RFC 5545 folding undone."""
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")


def vevents_with_uid(body: bytes, uid: str) -> list[icalendar.Event]:
    return [event for event in parse(body).walk("VEVENT") if str(event["UID"]) == uid]
