"""The register: who came, walk-ins and headcounts, recorded once a session has started."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from events.models.bookings import Booking, BookingStatus
from events.models.schedules import Session, SessionStatus
from events.recurrence import LOCAL_TZ
from events.services._locking import locked_session


def session_headcount_record(*, session: Session, adults: int, children: int, by=None) -> Session:
    """Record how many came to a drop-in session (no bookings to tick)."""
    if adults < 0 or children < 0:
        raise ValidationError(_("Numbers cannot be below zero."), code="negative")
    _refuse_register_before_session(session)
    with transaction.atomic():
        session = locked_session(session)
        session.headcount_adults = adults
        session.headcount_children = children
        session.save(update_fields=["headcount_adults", "headcount_children", "updated_at"])
        log(instance=session, action="events.register", user=by, data={"adults": adults, "children": children})
    return session


def _refuse_register_before_session(session: Session) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled."), code="cancelled")
    if session.start.astimezone(LOCAL_TZ).date() > timezone.localdate():
        raise ValidationError(_("The register opens on the day of the session."), code="future")


REGISTER_STATUSES = {BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW}


def register_mark(*, booking: Booking, status: str, by=None) -> Booking:
    """Tick one booking on the register: came (attended), did not come (no_show), or not yet marked."""
    if status not in REGISTER_STATUSES:
        raise ValidationError(_("Choose came, did not come, or not marked."), code="status")
    _refuse_register_before_session(booking.session)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("This booking was cancelled."), code="cancelled")
    if booking.status != status:
        booking.status = status
        booking.save(update_fields=["status", "updated_at"])
    return booking


def walk_in_add(*, session: Session, adults: int = 1, children: int = 0, by=None) -> Booking:
    """Add a family who came without booking. Walk-ins give no personal details."""
    if adults < 0 or children < 0 or adults + children == 0:
        raise ValidationError(_("Count at least one person."), code="empty")
    _refuse_register_before_session(session)
    with transaction.atomic():
        booking = Booking.objects.create(
            session=session,
            contact=None,
            household_ref=uuid.uuid4(),
            adults=adults,
            children=children,
            status=BookingStatus.ATTENDED,
            walk_in=True,
        )
        log(instance=session, action="events.register", user=by, data={"walk_in": adults + children})
    return booking
