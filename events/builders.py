"""Builders for areas, venues, groups, workshops, news posts, schedules and bookings.

Pages are published through a revision (see home/builders.py). A schedule is a row
as an editor's form leaves it; its sessions come from the services, as they do on
the site: publishing the page syncs them (events.signal_handlers), and otherwise
`page_sessions_sync` does. Bookings are made by `booking_create`, never written
directly.
"""

import datetime as dt

from django.utils import timezone

from events.models.schedules import BookingMode
from events.services.bookings import BookingOutcome, booking_create
from home.builders import page_add, publish

from .models import AreaPage, GroupNewsPage, GroupPage, Schedule, Venue, WorkshopPage
from .recurrence import WEEKDAY_CHOICES, Repeats, recurrence_build

WEEKDAYS = {label.lower(): number for number, label in WEEKDAY_CHOICES}


def area_add(area_index, title, **fields) -> AreaPage:
    fields.setdefault("introduction", f"Groups in {title}.")
    return page_add(area_index, AreaPage(title=title, **fields))


def venue_add(name, *, area=None, postcode="EH45 8AA", **fields) -> Venue:
    fields.setdefault("address", f"{name}\nHigh Street")
    return Venue.objects.create(name=name, postcode=postcode, area=area, **fields)


def venue_ensure(name, **fields) -> tuple[Venue, bool]:
    existing = Venue.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    return venue_add(name, **fields), True


# Schedules ------------------------------------------------------------------------


def schedule_add(
    page,
    *,
    repeats=Repeats.WEEKLY,
    weekday="tuesday",
    week_of_month=None,
    starts_on=None,
    ends_on=None,
    start_time=dt.time(10),
    duration_minutes=120,
    places=12,
    creche_places=0,
    booking_mode=BookingMode.BOOK,
    venue=None,
) -> Schedule:
    """A schedule for `page` from `starts_on` (default: today): weekly, fortnightly or monthly on
    `weekday` (the `week_of_month`-th one for monthly), or once."""
    return Schedule.objects.create(
        page=page,
        recurrences=recurrence_build(
            repeats=repeats, weekday=WEEKDAYS[weekday], week_of_month=week_of_month, at=start_time
        ),
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        adult_places=places,
        creche_places=creche_places,
        booking_mode=booking_mode,
        venue=venue,
    )


def one_off_add(page, *, on, **fields) -> Schedule:
    """A schedule that meets once, on `on`."""
    return schedule_add(page, repeats=Repeats.ONCE, starts_on=on, ends_on=on, **fields)


def schedules_ensure(page, *schedules: dict) -> tuple[list[Schedule], bool]:
    """`page`'s schedules; when it has none yet, one made for each set of `schedule_add` arguments.

    A page that has any schedule keeps it as it is, so an editor's changes survive.
    """
    existing = list(Schedule.objects.filter(page=page))
    if existing:
        return existing, False
    return [schedule_add(page, **schedule) for schedule in schedules], True


# Pages ----------------------------------------------------------------------------


def group_add(area, title, *, venue=None, audiences=(), weekday=None, start_time=dt.time(10), **fields) -> GroupPage:
    """A published group, meeting weekly on `weekday` (with its sessions made) when one is given."""
    fields.setdefault("summary", f"A friendly group in {title}.")
    fields.setdefault("what_happens", "<p>Tea, chat and toys. Babies and toddlers play while we talk.</p>")
    fields.setdefault("first_visit", "<p>Just come along; someone will say hello at the door.</p>")
    group = GroupPage(title=title, venue=venue, audiences=list(audiences), **fields)
    area.add_child(instance=group)
    if weekday:
        # Publishing makes the sessions, as when an editor saves a new group with its schedule.
        schedule_add(group, weekday=weekday, start_time=start_time)
    return publish(group)


def news_add(group, title, *, on=None, summary="") -> GroupNewsPage:
    return page_add(
        group,
        GroupNewsPage(
            title=title,
            date=on or timezone.localdate(),
            summary=summary,
            body=[("paragraph", f"<p>{title}: a lovely morning.</p>")],
        ),
    )


def workshop_add(index, title, *, topics=(), groups=(), on=None, venue=None, **fields) -> WorkshopPage:
    """A published workshop, meeting once on `on` (with its session made) when a date is given."""
    fields.setdefault("summary", f"A workshop about {title.lower()}.")
    fields.setdefault("description", "<p>A short talk, then time for questions over tea.</p>")
    workshop = WorkshopPage(title=title, venue=venue, topics=list(topics), groups=list(groups), **fields)
    index.add_child(instance=workshop)
    if on:
        one_off_add(workshop, on=on)
    return publish(workshop)


# Bookings -------------------------------------------------------------------------


def booking_add(session, *, first_name, adults=1, children=1, consent=True, **fields) -> BookingOutcome:
    """A family booked the way the booking form books them: one adult and one child unless told."""
    return booking_create(
        session=session, first_name=first_name, adults=adults, children=children, consent=consent, **fields
    )
