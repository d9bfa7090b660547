"""The register: who came, walk-ins and headcounts, recorded once a session has started."""

import uuid
from collections.abc import Iterable

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
        booking = _walk_in(session, adults=adults, children=children)
        booking.save()
        log(instance=session, action="events.register", user=by, data={"walk_in": adults + children})
    return booking


def session_register_record(
    *,
    session: Session,
    came: Iterable[int],
    walk_ins: Iterable[tuple[int, int]] = (),
    headcount: tuple[int, int] | None = None,
    by=None,
) -> dict:
    """A paper register typed in at once: who came, the walk-ins and (drop-in) the headcount.

    `came` holds the ids of the booked families ticked; every other booked family is
    marked as not come. `walk_ins` are (adults, children) per walk-in family. All of
    it is kept, or none: a booking cancelled since the form was shown refuses the lot,
    so that nothing of the sheet is half saved.
    """
    came = set(came)
    walk_ins = list(walk_ins)
    for adults, children in walk_ins:
        if adults < 0 or children < 0 or adults + children == 0:
            raise ValidationError(_("Count at least one person."), code="empty")
    if headcount is not None and (headcount[0] < 0 or headcount[1] < 0):
        raise ValidationError(_("Numbers cannot be below zero."), code="negative")
    _refuse_register_before_session(session)
    with transaction.atomic():
        session = locked_session(session)
        booked = list(Booking.objects.filter(session=session, walk_in=False).exclude(status=BookingStatus.CANCELLED))
        if came - {booking.pk for booking in booked}:
            raise ValidationError(
                _("A booking on this register was cancelled meanwhile. Please check the register and save again."),
                code="changed",
            )
        marks = {"came": 0, "did_not_come": 0}
        for booking in booked:
            status = BookingStatus.ATTENDED if booking.pk in came else BookingStatus.NO_SHOW
            marks["came" if status == BookingStatus.ATTENDED else "did_not_come"] += 1
            if booking.status != status:
                booking.status = status
                booking.save(update_fields=["status", "updated_at"])
        Booking.objects.bulk_create(
            _walk_in(session, adults=adults, children=children) for adults, children in walk_ins
        )
        data = {**marks, "walk_in": sum(adults + children for adults, children in walk_ins)}
        if headcount is not None:
            session.headcount_adults, session.headcount_children = headcount
            session.save(update_fields=["headcount_adults", "headcount_children", "updated_at"])
            data.update(adults=headcount[0], children=headcount[1])
        log(instance=session, action="events.register", user=by, data=data)
    return data


def _walk_in(session: Session, *, adults: int, children: int) -> Booking:
    return Booking(
        session=session,
        contact=None,
        household_ref=uuid.uuid4(),
        adults=adults,
        children=children,
        status=BookingStatus.ATTENDED,
        walk_in=True,
    )
