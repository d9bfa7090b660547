"""Bookings: taking, changing and cancelling places, with the session row locked while places are counted."""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.cache_versions import bookings_changed
from events.language import language_clean
from events.models.bookings import Booking, BookingStatus
from events.models.contacts import Contact
from events.models.messages import LeaderMessageKind, MessageKind
from events.models.schedules import Session, SessionStatus
from events.selectors.leader_preferences import leaders_to_email
from events.selectors.sessions import session_run
from events.services._locking import lock, locked_session
from events.services.contacts import (
    contact_create,
    family_check,
    household_ref_for,
    name_clean,
    needs_clean,
    numbers_check,
    texts_check,
)
from events.services.places import BookingRefused, fits, page_public_annotate, places_left, session_refusal_check
from events.services.waiting_list import waiting_promote
from events.services_notify import booking_confirmed_queue, family_notify, leaders_notify


@dataclass
class BookingOutcome:
    contact: Contact
    bookings: list[Booking]
    # Sessions of the run that had no room, when every session of a run was asked for.
    full_sessions: list[Session] = field(default_factory=list)
    # False when the same form was sent again and the earlier result was found.
    created: bool = True


def _full_message(*, creche_children: int, places: tuple[int, int]) -> str:
    adults_left, creche_left = places
    if adults_left > 0 and creche_children > creche_left:
        if creche_left <= 0:
            return _("Sorry, the creche is full for this session. You can join the waiting list.")
        return ngettext(
            "Sorry, there is only %(count)s place left in the creche. You can book fewer or join the waiting list.",
            "Sorry, there are only %(count)s places left in the creche. You can book fewer or join the waiting list.",
            creche_left,
        ) % {"count": creche_left}
    if adults_left > 0:
        return ngettext(
            "Sorry, there is only %(count)s place left for adults. You can book fewer or join the waiting list.",
            "Sorry, there are only %(count)s places left for adults. You can book fewer or join the waiting list.",
            adults_left,
        ) % {"count": adults_left}
    return _("Sorry, this session is full. You can join the waiting list and we will tell you if a place comes free.")


def booking_create(
    *,
    session: Session,
    first_name: str,
    email: str = "",
    phone: str = "",
    adults: int = 1,
    children: int = 0,
    creche_children: int = 0,
    children_ages: str = "",
    access_needs: str = "",
    consent: bool,
    request_key: uuid.UUID | None = None,
    whole_run: bool = False,
    notify: bool = True,
    language: str = "",
    texts: bool = False,
) -> BookingOutcome:
    """Book places for a family in one session, or in every session of its run still to come.

    Locks the session rows, counts the places left (adults and creche separately) and
    writes, all in one transaction, so two families can never take the same last place.
    Sending the same form again (same `request_key`) returns the first result.
    `language` is the language the form was sent in (see events/language.py); one not
    in settings.LANGUAGES is stored as blank, the site's default.
    Raises BookingRefused when nothing can be booked.
    """
    language = language_clean(language)
    first_name = name_clean(first_name)
    children_ages, access_needs = needs_clean(children_ages=children_ages, access_needs=access_needs)
    family_check(
        first_name=first_name,
        email=email,
        phone=phone,
        adults=adults,
        children=children,
        creche_children=creche_children,
        consent=consent,
    )
    phone = texts_check(phone=phone, texts=texts)
    # Everything that needs no lock is read first: while the session row is locked,
    # every other family booking it waits.
    if request_key is not None:
        earlier = Contact.objects.filter(request_key=request_key).first()
        if earlier is not None:
            return _earlier_outcome(earlier)
    household_ref = household_ref_for(email=email, phone=phone)
    leaders = list(leaders_to_email(page_id=session.page_id)) if notify else []
    try:
        with transaction.atomic():
            now = timezone.now()
            wanted_ids = [session.pk]
            if whole_run:
                wanted_ids += [s.pk for s in session_run(session=session, now=now) if s.pk != session.pk]
            # Written before the lock, in the same transaction: a refusal below undoes it.
            # The same form sent twice at once fails here on the unique request_key.
            contact = contact_create(
                first_name=first_name,
                email=email,
                phone=phone,
                request_key=request_key,
                language=language,
                texts=texts,
                household_ref=household_ref,
            )
            # Lock in id order, so two runs that overlap never wait for each other in a circle.
            locked = {
                s.pk: s for s in lock(page_public_annotate(Session.objects.filter(pk__in=wanted_ids).order_by("pk")))
            }
            if session.pk not in locked:
                raise BookingRefused(_("Sorry, this session no longer exists."), code="missing")
            session = locked[session.pk]
            session_refusal_check(session, now=now)
            # Counted by a statement of its own, after the lock is held, so that it sees
            # every booking committed by whoever held the lock before.
            places = places_left(list(locked))
            if not whole_run and not fits(places[session.pk], adults=adults, creche_children=creche_children):
                raise BookingRefused(
                    _full_message(creche_children=creche_children, places=places[session.pk]), code="full"
                )
            by_start = sorted(locked, key=lambda pk: locked[pk].start)
            room = {pk: fits(places[pk], adults=adults, creche_children=creche_children) for pk in by_start}
            to_book = [locked[pk] for pk in by_start if room[pk]]
            full = [locked[pk] for pk in by_start if not room[pk]]
            if not to_book:
                raise BookingRefused(
                    _("Sorry, every session of this run is full. You can join the waiting list for one of them."),
                    code="full",
                )
            bookings = [
                Booking.objects.create(
                    session=booked_session,
                    contact=contact,
                    household_ref=contact.household_ref,
                    adults=adults,
                    children=children,
                    creche_children=creche_children,
                    children_ages=children_ages.strip(),
                    access_needs=access_needs.strip(),
                    language=language,
                )
                for booked_session in to_book
            ]
            if notify:
                booking_confirmed_queue(contact=contact, booking=bookings[0], leaders=leaders)
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request won.
        if request_key is not None:
            earlier = Contact.objects.filter(request_key=request_key).first()
            if earlier is not None:
                return _earlier_outcome(earlier)
        raise
    return BookingOutcome(contact=contact, bookings=bookings, full_sessions=full)


def _earlier_outcome(contact: Contact) -> BookingOutcome:
    bookings = list(contact.bookings.select_related("session").order_by("session__start"))
    return BookingOutcome(contact=contact, bookings=bookings, created=False)


def _booking_session_locked(booking: Booking) -> Session:
    session = locked_session(booking.session)
    booking.refresh_from_db()
    booking.session = session
    return session


def booking_update(
    *,
    booking: Booking,
    adults: int,
    children: int,
    creche_children: int,
    children_ages: str = "",
    access_needs: str = "",
    notify: bool = True,
) -> Booking:
    """Change the numbers or needs on a booking. More places only if there is room; fewer frees them.

    The booking keeps the language it was made in, whichever language the change is made in.
    """
    numbers_check(adults=adults, children=children, creche_children=creche_children)
    children_ages, access_needs = needs_clean(children_ages=children_ages, access_needs=access_needs)
    with transaction.atomic():
        session = _booking_session_locked(booking)
        if booking.status == BookingStatus.CANCELLED:
            raise BookingRefused(_("This booking was cancelled, so it cannot be changed."), code="cancelled_booking")
        if session.status == SessionStatus.CANCELLED:
            raise BookingRefused(_("Sorry, this session has been cancelled."), code="cancelled")
        if session.start <= timezone.now():
            raise BookingRefused(_("This session has already started, so the booking cannot be changed."), code="past")
        adults_left, creche_left = places_left([session.pk])[session.pk]
        # This booking's own places count as free when checking the new numbers.
        places = (adults_left + booking.adults, creche_left + booking.creche_children)
        grows = adults > booking.adults or creche_children > booking.creche_children
        if grows and adults > places[0]:
            message = ngettext(
                "Sorry, the session is nearly full: your booking can have at most %(count)s adult.",
                "Sorry, the session is nearly full: your booking can have at most %(count)s adults.",
                places[0],
            )
            raise BookingRefused(message % {"count": places[0]}, code="full")
        if grows and creche_children > places[1]:
            message = ngettext(
                "Sorry, the creche is nearly full: your booking can have at most %(count)s place in the creche.",
                "Sorry, the creche is nearly full: your booking can have at most %(count)s places in the creche.",
                places[1],
            )
            raise BookingRefused(message % {"count": places[1]}, code="full")
        frees = adults < booking.adults or creche_children < booking.creche_children
        booking.adults, booking.children, booking.creche_children = adults, children, creche_children
        booking.children_ages, booking.access_needs = children_ages.strip(), access_needs.strip()
        booking.save()
        if notify and booking.contact_id:
            family_notify(kind=MessageKind.BOOKING_CHANGED, contact=booking.contact, booking=booking)
        if frees:
            waiting_promote(session=session)
    return booking


def booking_cancel(*, booking: Booking, by=None, notify: bool = True) -> Booking:
    """Cancel a booking and give the freed places to the next families waiting."""
    with transaction.atomic():
        session = _booking_session_locked(booking)
        if booking.status == BookingStatus.CANCELLED:
            return booking
        if session.start <= timezone.now() and by is None:
            raise BookingRefused(
                _("This session has already started, so the booking cannot be cancelled."), code="past"
            )
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status", "updated_at"])
        if notify and booking.contact_id:
            family_notify(
                kind=MessageKind.BOOKING_CANCELLED,
                contact=booking.contact,
                booking=booking,
                dedupe_key=f"booking_cancelled:{booking.pk}",
            )
        if notify and by is None:
            # A family cancelling; staff who cancel know already.
            leaders_notify(kind=LeaderMessageKind.CANCELLED, session=session, about=booking)
        waiting_promote(session=session)
    return booking


def booking_run_cancel(*, contact: Contact, schedule_id: int, notify: bool = True) -> list[Booking]:
    """Cancel every booking of a run a family has still to come, in one go, and tell them once.

    A run is the family's bookings on the sessions of one schedule. All are cancelled or
    none: the sessions are locked in id order (as booking_create locks them), then the
    bookings change together. One message lists the dates, rather than one per date;
    the freed places go to the families waiting for each session.
    """
    with transaction.atomic():
        now = timezone.now()
        session_ids = list(
            Booking.objects.filter(
                contact=contact,
                status=BookingStatus.CONFIRMED,
                session__schedule_id=schedule_id,
                session__start__gt=now,
            ).values_list("session_id", flat=True)
        )
        sessions = list(lock(Session.objects.filter(pk__in=session_ids).order_by("pk")))
        bookings = list(
            lock(
                Booking.objects.filter(
                    contact=contact,
                    status=BookingStatus.CONFIRMED,
                    session__in=[s for s in sessions if s.start > now],
                )
            ).order_by("pk")
        )
        if not bookings:
            return []
        # One moment for all, so that the message can find the bookings cancelled together.
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(status=BookingStatus.CANCELLED, updated_at=now)
        # An update sends no signals: the places freed show once this commits.
        bookings_changed(session_ids=[b.session_id for b in bookings], contact_ids=[contact.pk])
        starts = {s.pk: s.start for s in sessions}
        for booking in bookings:
            booking.status, booking.updated_at = BookingStatus.CANCELLED, now
        bookings.sort(key=lambda b: starts[b.session_id])
        if notify:
            family_notify(
                kind=MessageKind.RUN_CANCELLED if len(bookings) > 1 else MessageKind.BOOKING_CANCELLED,
                contact=contact,
                booking=bookings[0],
                dedupe_key=f"booking_cancelled:{bookings[0].pk}",
            )
        for session in sessions:
            waiting_promote(session=session)
    return bookings
