"""A year of groups and workshops for the calendar tests, and an independent reader of feeds.

The year runs from Monday 30 November 2026 and spans both clock changes of 2027
(summer time from Sunday 28 March, winter time from Sunday 31 October). It has
weekly, fortnightly and monthly groups, excluded and extra dates, one-off and
hand-added sessions, and sessions that staff cancelled or moved, all made through
the booking services as staff would make them.
"""

import contextlib
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from unittest import mock

import icalendar
import recurring_ical_events
from django.utils import timezone

from events.models import AreaPage, GroupPage, Schedule, Session, Venue, WorkshopPage
from events.recurrence import LOCAL_TZ, Repeats, local_datetime, recurrence_build
from events.selectors.sessions import sessions_upcoming
from events.services.sessions import session_add, session_cancel, session_move, sessions_sync
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


@dataclass
class ClockChanges:
    """Groups that meet in the small hours, when the clocks change.

    01:30 on 28 March 2027 never happens (the site takes it as 02:30 BST, an hour
    after 00:30 GMT, as a wall clock would show) and 01:30 on 31 October 2027 happens
    twice (the site takes the first, 01:30 BST).
    """

    area: AreaPage
    pages: dict[str, GroupPage | WorkshopPage] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)
    moved: list[Session] = field(default_factory=list)
    cancelled: list[Session] = field(default_factory=list)


def clock_changes_build(tree: SiteTree | None = None) -> ClockChanges:
    """Build the small-hours groups (call with the clock at START), on `tree` or a new site."""
    tree = tree or site_tree()
    area = area_add(tree, "Night feeds")
    hall = venue_add("Tweed Green Hall", area=area)
    changes = ClockChanges(area=area)
    sunday, monday = 6, 0
    plans = {
        # On both change days, as the rule gives them.
        "rule": {"weekday": sunday, "starts_on": dt.date(2027, 3, 14), "ends_on": dt.date(2027, 11, 14)},
        # Excluded on both change days.
        "excluded": {
            "weekday": sunday,
            "starts_on": dt.date(2027, 3, 7),
            "ends_on": dt.date(2027, 11, 28),
            "duration_minutes": 90,
            "excluded": [SPRING_FORWARD, FALL_BACK],
        },
        # A Monday group with both change days as extra dates. Ninety minutes, so that
        # in autumn only the start falls in the repeated hour (see test_ical_clients).
        "extra": {
            "duration_minutes": 90,
            "weekday": monday,
            "starts_on": dt.date(2027, 3, 1),
            "ends_on": dt.date(2027, 11, 29),
            "extra": [SPRING_FORWARD, FALL_BACK],
        },
        # From 00:30 for two hours: across the change itself.
        "spanning": {
            "weekday": sunday,
            "starts_on": dt.date(2027, 3, 14),
            "ends_on": dt.date(2027, 11, 14),
            "start_time": dt.time(0, 30),
            "duration_minutes": 120,
        },
        # Moved and cancelled on the change days, below.
        "moved": {"weekday": sunday, "starts_on": dt.date(2027, 3, 14), "ends_on": dt.date(2027, 11, 14)},
        # A morning group with sessions moved into the small hours of the change days.
        "moved_in": {
            "weekday": sunday,
            "starts_on": dt.date(2027, 3, 7),
            "ends_on": dt.date(2027, 11, 28),
            "start_time": dt.time(10),
        },
        # Every two weeks from the night the clocks go forward.
        "first_in_gap": {
            "repeats": Repeats.FORTNIGHTLY,
            "weekday": sunday,
            "starts_on": SPRING_FORWARD,
            "ends_on": dt.date(2027, 11, 28),
        },
    }
    for name, plan in plans.items():
        plan = {"repeats": Repeats.WEEKLY, "start_time": dt.time(1, 30), "duration_minutes": 60, **plan}
        page = group_add(area, f"Small hours {name.replace('_', ' ')}", venue=hall)
        changes.pages[name] = page
        changes.schedules[name] = schedule_create(page, **plan)
    workshop = workshop_add(tree.workshop_index, "Night waking", venue=hall)
    changes.pages["workshop"] = workshop
    changes.schedules["workshop"] = schedule_create(
        workshop,
        repeats=Repeats.ONCE,
        weekday=sunday,
        starts_on=SPRING_FORWARD,
        ends_on=FALL_BACK,
        start_time=dt.time(1, 30),
        duration_minutes=90,
        extra=[FALL_BACK],
    )

    moved, moved_in = changes.schedules["moved"], changes.schedules["moved_in"]
    changes.moved += [
        session_move(
            session=session_on(moved, SPRING_FORWARD), start=at(SPRING_FORWARD, 11), end=at(SPRING_FORWARD, 12)
        ),
        # To 01:45 in the skipped hour (02:45 BST) and 01:15 in the repeated one (the first).
        session_move(
            session=session_on(moved, dt.date(2027, 3, 21)),
            start=at(SPRING_FORWARD, 1, 45),
            end=at(SPRING_FORWARD, 3),
        ),
        session_move(
            session=session_on(moved, dt.date(2027, 10, 24)), start=at(FALL_BACK, 1, 15), end=at(FALL_BACK, 2)
        ),
        session_move(
            session=session_on(moved_in, dt.date(2027, 3, 21)),
            start=at(SPRING_FORWARD, 1, 30),
            end=at(SPRING_FORWARD, 3),
        ),
        session_move(
            session=session_on(moved_in, dt.date(2027, 10, 24)), start=at(FALL_BACK, 1, 30), end=at(FALL_BACK, 3)
        ),
    ]
    changes.cancelled.append(session_cancel(session=session_on(moved, FALL_BACK), reason="Hall closed."))
    return changes


# Reading feeds back, as a calendar app would -----------------------------------


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


# (body, start, end, what recurring-ical-events found) for each expansion while recording.
_recorded: list[tuple[bytes, dt.datetime, dt.datetime, Counter]] | None = None


@contextlib.contextmanager
def expansions_recorded():
    """Collect every `expanded` call inside the block, for a second client to check in one batch."""
    global _recorded
    outer, _recorded = _recorded, []
    try:
        yield _recorded
    finally:
        _recorded = outer


def expanded(body: bytes, start: dt.datetime, end: dt.datetime = FAR_FUTURE) -> Counter:
    """(start, end) in UTC of every occurrence recurring-ical-events finds in the feed."""
    occurrences = recurring_ical_events.of(parse(body)).between(start, end)
    found = Counter(
        (event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC)) for event in occurrences
    )
    if _recorded is not None:
        _recorded.append((body, start, end, found))
    return found


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
