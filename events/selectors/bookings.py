"""A family's bookings, and bookings that look like the same family booking twice."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils import timezone

from events.models.bookings import LIVE_BOOKING_STATUSES, Booking, BookingStatus, WaitingEntry
from events.models.contacts import Contact
from home.localization import title_in_language


def contacts_bookings(*, contacts) -> dict:
    """The bookings and waiting-list places of these contacts, soonest first (two queries)."""
    bookings = (
        Booking.objects.filter(contact__in=contacts)
        .select_related("session__page", "session__venue", "session__moved_from_venue")
        .order_by("session__start", "pk")
    )
    waiting = (
        WaitingEntry.objects.filter(contact__in=contacts)
        .select_related("session__page", "session__venue", "session__moved_from_venue")
        .order_by("session__start", "pk")
    )
    return {"bookings": _titled(bookings), "waiting_entries": _titled(waiting)}


def _titled(held) -> list:
    """Bookings or waiting places whose session shows its title in the reader's language (same query)."""
    title = title_in_language("session__page__translation_key")
    if title is None:
        return list(held)
    rows = list(held.annotate(session_title_in_language=title))
    for row in rows:
        row.session.title_in_language = row.session_title_in_language
    return rows


def contact_bookings(*, contact: Contact) -> dict:
    """A family's bookings and waiting-list places, soonest first (two queries)."""
    return contacts_bookings(contacts=[contact])


@dataclass(frozen=True)
class BookedRun:
    """A family's bookings on several dates of one schedule, shown and cancelled as one."""

    bookings: list
    is_run = True

    @property
    def schedule_id(self) -> int:
        return self.bookings[0].session.schedule_id

    @property
    def first(self):
        return self.bookings[0].session

    @property
    def last(self):
        return self.bookings[-1].session

    @property
    def same_party(self) -> bool:
        """Whether every date is booked for the same people, so the party is said once."""
        keys = {(b.adults, b.children, b.creche_children, b.access_needs) for b in self.bookings}
        return len(keys) == 1


def bookings_in_runs(bookings: list) -> list:
    """Bookings as a family reads them: a run of one schedule is one BookedRun, at its first date.

    A contact is one booking form sent, so its bookings on the sessions of one schedule
    are the run "book every session of this run" made. `bookings` come soonest first;
    a booking on a session staff added by hand, or alone on its schedule, stays as it is.
    """
    by_schedule: dict[int, list] = {}
    for booking in bookings:
        if booking.session.schedule_id is not None:
            by_schedule.setdefault(booking.session.schedule_id, []).append(booking)
    entries = []
    for booking in bookings:
        run = by_schedule.get(booking.session.schedule_id) if booking.session.schedule_id else None
        if run is None or len(run) == 1:
            entries.append(booking)
        elif run[0] is booking:
            entries.append(BookedRun(bookings=run))
    return entries


def contact_run_bookings(*, contact: Contact, schedule_id: int) -> list:
    """A family's confirmed bookings of one run still to come, soonest first (one query)."""
    return _titled(
        Booking.objects.filter(
            contact=contact,
            status=BookingStatus.CONFIRMED,
            session__schedule_id=schedule_id,
            session__start__gt=timezone.now(),
        )
        .select_related("session__page", "session__venue")
        .order_by("session__start", "pk")
    )


def bookings_flag_duplicates(bookings):
    """Mark each live booking that may be a family's second place in the same session.

    `possible_duplicate`: another live booking of the session has the same email
    address (any case) or phone number. `extra_booking`: one of those was made first,
    so this is the one to cancel. Worked out in the same query as the bookings. Only
    staff see this: telling the public form "this address already has a place" would
    tell a stranger who typed it that its owner goes to the group.
    """
    same_details = (
        Booking.objects.filter(session_id=OuterRef("session_id"), status__in=LIVE_BOOKING_STATUSES)
        .annotate(address=Lower("contact__email"))
        .filter(
            Q(address=Lower(OuterRef("contact__email")), contact__email__gt="")
            | Q(contact__phone=OuterRef("contact__phone"), contact__phone__gt="")
        )
    )
    live = Q(status__in=LIVE_BOOKING_STATUSES)
    return bookings.annotate(
        possible_duplicate=Case(
            When(live & Exists(same_details.exclude(pk=OuterRef("pk"))), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        extra_booking=Case(
            When(live & Exists(same_details.filter(pk__lt=OuterRef("pk"))), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
