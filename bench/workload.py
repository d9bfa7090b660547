"""The benchmark data sets, times `scale`. Two kinds, chosen by `kind`:

- "issue" (the performance issue's own): 50 weekly groups meeting Monday to Friday at
  10:00, 13:30, 15:00, 18:30 and 19:00 for 90 minutes from 1 Dec 2026 to 30 Nov 2027,
  all 50 in one area (so its page lists 50 groups), plus 10 one-off Saturday
  workshops from 13:00 to 16:00;
- "mixed" (the earlier one): 50 weekly groups at various times Monday to Saturday,
  90 or 120 minutes, 10 groups to an area, plus 10 one-off Saturday workshops.

Built through the same code paths as the real site: pages published through Wagtail
revisions, sessions made by `sessions_sync`, bookings, a cancellation and a move per
ten groups made by the booking services. Deterministic: the same scale always gives
the same site. Call `build_workload(scale=...)` on an empty, migrated database.
"""

import datetime as dt
import io
from contextlib import redirect_stdout

from django.db import transaction
from django.utils import timezone

from events.builders import (
    WEEKDAYS,
    area_add,
    booking_add,
    group_add,
    one_off_add,
    schedule_add,
    venue_add,
    workshop_add,
)
from events.models import AreaIndexPage, Schedule, Session, WorkshopIndexPage
from events.models.schedules import SessionStatus
from events.recurrence import local_datetime
from events.services.sessions import session_cancel, session_move, sessions_sync
from home.builders import default_site_ensure, home_ensure, page_ensure

FIRST_DAY = dt.date(2026, 12, 1)
LAST_DAY = dt.date(2027, 11, 30)
GROUPS_PER_SCALE = 50
WORKSHOPS_PER_SCALE = 10
GROUPS_PER_AREA = 10
# Monday to Saturday, and the times groups really meet: mornings, after lunch, evenings.
MEETING_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
TIMES = [dt.time(9, 30), dt.time(10), dt.time(10, 30), dt.time(13), dt.time(13, 30), dt.time(18, 30)]
LENGTHS = [90, 120]
PLACES_TAKEN_PER_GROUP = 2
# The issue's data set: every weekday at five times, 90 minutes, one area of 50 groups.
ISSUE_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
ISSUE_TIMES = [dt.time(10), dt.time(13, 30), dt.time(15), dt.time(18, 30), dt.time(19)]
ISSUE_LENGTH = 90
ISSUE_GROUPS_PER_AREA = 50
ISSUE_WORKSHOP_START = dt.time(13)
ISSUE_WORKSHOP_MINUTES = 180
KINDS_OF_WORKLOAD = ("issue", "mixed")
VILLAGES = [
    "Peebles",
    "Innerleithen",
    "Walkerburn",
    "West Linton",
    "Broughton",
    "Eddleston",
    "Thornton Heath",
    "Norbury",
    "Selhurst",
    "Broad Green",
]
KINDS = ["parents and toddlers", "mums' group", "dads' group", "bumps and babies", "stay and play"]


def _first_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _sessions_make(schedule: Schedule) -> None:
    """The schedule's sessions over the whole year, as if today were its first day."""
    sessions_sync(schedule=schedule, today=FIRST_DAY, horizon_days=(LAST_DAY - FIRST_DAY).days + 1)


def build_workload(*, scale: int = 1, kind: str = "mixed") -> dict:
    """Build the data set of `kind` `scale` times over; returns what was made."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    if kind not in KINDS_OF_WORKLOAD:
        raise ValueError(f"kind must be one of {', '.join(KINDS_OF_WORKLOAD)}, not {kind!r}")
    # Cancelling or moving a booked session emails the families; the console backend
    # would print every message.
    with redirect_stdout(io.StringIO()), transaction.atomic():
        return _build(scale, kind)


def group_meeting(number: int, kind: str) -> tuple[str, dt.time, int]:
    """(weekday, start time, minutes) of the group numbered `number` in a data set of `kind`."""
    if kind == "issue":
        slot = number % (len(ISSUE_DAYS) * len(ISSUE_TIMES))
        return ISSUE_DAYS[slot % len(ISSUE_DAYS)], ISSUE_TIMES[slot // len(ISSUE_DAYS)], ISSUE_LENGTH
    return (
        MEETING_DAYS[number % len(MEETING_DAYS)],
        TIMES[(number // len(MEETING_DAYS)) % len(TIMES)],
        LENGTHS[number % len(LENGTHS)],
    )


def _build(scale: int, kind: str) -> dict:
    per_area = ISSUE_GROUPS_PER_AREA if kind == "issue" else GROUPS_PER_AREA
    home, _ = home_ensure(title="Find a group near you", introduction="Groups for parents.")
    default_site_ensure(home)
    area_index, _ = page_ensure(
        home, AreaIndexPage(title="Groups near you", slug="groups", introduction="Where we meet.")
    )
    workshop_index, _ = page_ensure(
        home, WorkshopIndexPage(title="Workshops", slug="workshops", introduction="Speakers.")
    )

    groups = []
    area_count = (GROUPS_PER_SCALE * scale + per_area - 1) // per_area
    for area_number in range(area_count):
        area = area_add(
            area_index, f"Area {area_number + 1}", slug=f"area-{area_number + 1}", introduction="Groups nearby."
        )
        venues = [
            venue_add(
                f"{VILLAGES[(area_number + n) % len(VILLAGES)]} hall {area_number + 1}.{n + 1}",
                address="Main Street",
                postcode=f"EH{area_number % 90 + 10} {n}AB",
                area=area,
                step_free_access=n % 2 == 0,
            )
            for n in range(per_area // 2)
        ]
        for in_area in range(per_area):
            number = area_number * per_area + in_area
            if number >= GROUPS_PER_SCALE * scale:
                break
            village = VILLAGES[number % len(VILLAGES)]
            group_kind = KINDS[number % len(KINDS)]
            group = group_add(
                area,
                f"{village} {group_kind} {number + 1}",
                slug=f"group-{number + 1}",
                summary=f"A friendly {group_kind} in {village}.",
                what_happens="<p>Tea, chat and toys. Babies and toddlers play while we talk.</p>",
                first_visit="<p>Just come along: someone will say hello at the door.</p>",
                leaders="Amina and Sara",
                venue=venues[in_area // 2],
            )
            weekday, start_time, minutes = group_meeting(number, kind)
            schedule = schedule_add(
                group,
                weekday=weekday,
                starts_on=_first_on_or_after(FIRST_DAY, WEEKDAYS[weekday]),
                ends_on=LAST_DAY,
                start_time=start_time,
                duration_minutes=minutes,
            )
            _sessions_make(schedule)
            groups.append(group)

    workshops = []
    saturdays = [_first_on_or_after(FIRST_DAY, WEEKDAYS["saturday"]) + dt.timedelta(weeks=week) for week in range(52)]
    for number in range(WORKSHOPS_PER_SCALE * scale):
        workshop = workshop_add(
            workshop_index,
            f"Workshop {number + 1}: sleep and settling",
            slug=f"workshop-{number + 1}",
            summary="A health visitor talks about sleep, then questions over tea.",
            description="<p>A short talk, then time for questions.</p>",
            speaker="A health visitor",
        )
        times = (
            {"start_time": ISSUE_WORKSHOP_START, "duration_minutes": ISSUE_WORKSHOP_MINUTES} if kind == "issue" else {}
        )
        _sessions_make(one_off_add(workshop, on=saturdays[(number * 5) % len(saturdays)], places=20, **times))
        workshops.append(workshop)

    _families_and_changes(groups)
    return {
        "kind": kind,
        "scale": scale,
        "areas": area_count,
        "groups": len(groups),
        "workshops": len(workshops),
        "sessions": Session.objects.count(),
        "cancelled": Session.objects.filter(status=SessionStatus.CANCELLED).count(),
        "moved": Session.objects.filter(status=SessionStatus.MOVED).count(),
    }


def _families_and_changes(groups) -> None:
    """A few bookings in every group's next sessions; one cancellation and one move per ten groups."""
    for number, group in enumerate(groups):
        upcoming = list(Session.objects.filter(page=group, status=SessionStatus.SCHEDULED).order_by("start")[:8])
        if len(upcoming) < 8:
            continue
        for family in range(PLACES_TAKEN_PER_GROUP):
            booking_add(
                upcoming[0],
                first_name=f"Parent {number}-{family}",
                email=f"parent-{number}-{family}@example.org",
                notify=False,
            )
        if number % 10 == 0:
            session_cancel(session=upcoming[4], reason="The hall is closed for repairs.")
            moving = upcoming[6]
            day = timezone.localdate(moving.start) + dt.timedelta(days=1)
            start = local_datetime(day, dt.time(11))
            session_move(session=moving, start=start, end=start + (moving.end - moving.start), reason="Hall booked")
