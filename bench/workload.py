"""The benchmark data set: "50 weekly groups at various weekday times from 1 Dec 2026
to 30 Nov 2027 plus 10 one-off Saturday workshops", times `scale`.

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
from wagtail.models import Page, Site

from events.models import AreaIndexPage, AreaPage, GroupPage, Schedule, Session, Venue, WorkshopIndexPage, WorkshopPage
from events.models.booking import SessionStatus
from events.recurrence import Repeats, local_datetime, recurrence_build
from events.services import booking_create, session_cancel, session_move, sessions_sync
from home.models import HomePage

FIRST_DAY = dt.date(2026, 12, 1)
LAST_DAY = dt.date(2027, 11, 30)
GROUPS_PER_SCALE = 50
WORKSHOPS_PER_SCALE = 10
GROUPS_PER_AREA = 10
# Monday to Saturday, and the times groups really meet: mornings, after lunch, evenings.
WEEKDAYS = [0, 1, 2, 3, 4, 5]
TIMES = [dt.time(9, 30), dt.time(10), dt.time(10, 30), dt.time(13), dt.time(13, 30), dt.time(18, 30)]
LENGTHS = [90, 120]
PLACES_TAKEN_PER_GROUP = 2
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


def _publish(page):
    page.save_revision().publish()
    return page


def _add(parent, page):
    parent.add_child(instance=page)
    return _publish(page)


def _home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for placeholder in root.get_children().filter(content_type__app_label="wagtailcore"):
            placeholder.delete()
        home = _add(root, HomePage(title="Find a group near you", slug="home", introduction="Groups for parents."))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Gather"}
    )
    return home


def _index(home, model, **fields):
    existing = model.objects.child_of(home).first()
    return existing or _add(home, model(**fields))


def _first_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _schedule(page, *, repeats, weekday, starts_on, ends_on, start_time, minutes, places, venue=None) -> Schedule:
    schedule = Schedule.objects.create(
        page=page,
        recurrences=recurrence_build(repeats=repeats, weekday=weekday, at=start_time),
        starts_on=starts_on,
        ends_on=ends_on,
        start_time=start_time,
        duration_minutes=minutes,
        adult_places=places,
        venue=venue,
    )
    horizon = (LAST_DAY - FIRST_DAY).days + 1
    sessions_sync(schedule=schedule, today=FIRST_DAY, horizon_days=horizon)
    return schedule


def build_workload(*, scale: int = 1) -> dict:
    """Build the data set `scale` times over; returns what was made."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    # Cancelling or moving a booked session emails the families; the console backend
    # would print every message.
    with redirect_stdout(io.StringIO()), transaction.atomic():
        return _build(scale)


def _build(scale: int) -> dict:
    home = _home()
    area_index = _index(home, AreaIndexPage, title="Groups near you", slug="groups", introduction="Where we meet.")
    workshop_index = _index(home, WorkshopIndexPage, title="Workshops", slug="workshops", introduction="Speakers.")

    groups = []
    area_count = (GROUPS_PER_SCALE * scale + GROUPS_PER_AREA - 1) // GROUPS_PER_AREA
    for area_number in range(area_count):
        area = _add(
            area_index,
            AreaPage(title=f"Area {area_number + 1}", slug=f"area-{area_number + 1}", introduction="Groups nearby."),
        )
        venues = [
            Venue.objects.create(
                name=f"{VILLAGES[(area_number + n) % len(VILLAGES)]} hall {area_number + 1}.{n + 1}",
                address="Main Street",
                postcode=f"EH{area_number % 90 + 10} {n}AB",
                area=area,
                step_free_access=n % 2 == 0,
            )
            for n in range(GROUPS_PER_AREA // 2)
        ]
        for in_area in range(GROUPS_PER_AREA):
            number = area_number * GROUPS_PER_AREA + in_area
            if number >= GROUPS_PER_SCALE * scale:
                break
            village = VILLAGES[number % len(VILLAGES)]
            kind = KINDS[number % len(KINDS)]
            group = _add(
                area,
                GroupPage(
                    title=f"{village} {kind} {number + 1}",
                    slug=f"group-{number + 1}",
                    summary=f"A friendly {kind} in {village}.",
                    what_happens="<p>Tea, chat and toys. Babies and toddlers play while we talk.</p>",
                    first_visit="<p>Just come along: someone will say hello at the door.</p>",
                    leaders="Amina and Sara",
                    venue=venues[in_area // 2],
                ),
            )
            weekday = WEEKDAYS[number % len(WEEKDAYS)]
            _schedule(
                group,
                repeats=Repeats.WEEKLY,
                weekday=weekday,
                starts_on=_first_on_or_after(FIRST_DAY, weekday),
                ends_on=LAST_DAY,
                start_time=TIMES[(number // len(WEEKDAYS)) % len(TIMES)],
                minutes=LENGTHS[number % len(LENGTHS)],
                places=12,
            )
            groups.append(group)

    workshops = []
    saturdays = [_first_on_or_after(FIRST_DAY, 5) + dt.timedelta(weeks=week) for week in range(52)]
    for number in range(WORKSHOPS_PER_SCALE * scale):
        day = saturdays[(number * 5) % len(saturdays)]
        workshop = _add(
            workshop_index,
            WorkshopPage(
                title=f"Workshop {number + 1}: sleep and settling",
                slug=f"workshop-{number + 1}",
                summary="A health visitor talks about sleep, then questions over tea.",
                description="<p>A short talk, then time for questions.</p>",
                speaker="A health visitor",
            ),
        )
        _schedule(
            workshop,
            repeats=Repeats.ONCE,
            weekday=5,
            starts_on=day,
            ends_on=day,
            start_time=dt.time(10),
            minutes=120,
            places=20,
        )
        workshops.append(workshop)

    _families_and_changes(groups)
    return {
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
            booking_create(
                session=upcoming[0],
                first_name=f"Parent {number}-{family}",
                email=f"parent-{number}-{family}@example.org",
                adults=1,
                children=1,
                consent=True,
                notify=False,
            )
        if number % 10 == 0:
            session_cancel(session=upcoming[4], reason="The hall is closed for repairs.")
            moving = upcoming[6]
            day = timezone.localdate(moving.start) + dt.timedelta(days=1)
            start = local_datetime(day, dt.time(11))
            session_move(session=moving, start=start, end=start + (moving.end - moving.start), reason="Hall booked")
