"""Waiting lists: joining, leaving, and giving freed places to the families waiting longest."""

import logging
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.language import language_clean
from events.models.bookings import Booking, WaitingEntry, WaitingStatus
from events.models.contacts import Contact
from events.models.messages import LeaderMessageKind, MessageKind
from events.models.schedules import Session, SessionStatus
from events.selectors.leader_preferences import leaders_to_email
from events.services._locking import lock, locked_session
from events.services.contacts import contact_create, family_check, name_clean, needs_clean, texts_check
from events.services.places import BookingRefused, fits, places_left, session_bookable_check
from events.services_notify import family_notify, leaders_notify

logger = logging.getLogger(__name__)


@dataclass
class WaitingOutcome:
    contact: Contact
    entry: WaitingEntry | None
    created: bool = True


def waiting_join(
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
    notify: bool = True,
    language: str = "",
    texts: bool = False,
) -> WaitingOutcome:
    """Put a family on a full session's waiting list. Refused while there is room to book.

    `language` is the language the form was sent in, as for booking_create; the place
    the family may be given later is in the same language.
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
    if not email.strip() and not texts:
        raise BookingRefused(
            _(
                "Please give an email address, or a mobile number and agree to texts, "
                "so that we can tell you when a place comes free."
            ),
            code="email",
        )
    try:
        with transaction.atomic():
            session = locked_session(session)
            if request_key is not None:
                earlier = Contact.objects.filter(request_key=request_key).first()
                if earlier is not None:
                    return WaitingOutcome(contact=earlier, entry=earlier.waiting_entries.first(), created=False)
            session_bookable_check(session)
            if fits(places_left([session.pk])[session.pk], adults=adults, creche_children=creche_children):
                raise BookingRefused(
                    _("Good news: there is room in this session, so you can book now."), code="has_room"
                )
            contact = contact_create(
                first_name=first_name,
                email=email,
                phone=phone,
                request_key=request_key,
                language=language,
                texts=texts,
            )
            entry = WaitingEntry.objects.create(
                session=session,
                contact=contact,
                adults=adults,
                children=children,
                creche_children=creche_children,
                children_ages=children_ages.strip(),
                access_needs=access_needs.strip(),
                language=language,
            )
            if notify:
                family_notify(
                    kind=MessageKind.WAITING_JOINED,
                    contact=contact,
                    waiting_entry=entry,
                    session=session,
                    dedupe_key=f"waiting_joined:{entry.pk}",
                )
                leaders_notify(kind=LeaderMessageKind.WAITING_JOINED, session=session, about=entry)
    except IntegrityError:
        if request_key is not None:
            earlier = Contact.objects.filter(request_key=request_key).first()
            if earlier is not None:
                return WaitingOutcome(contact=earlier, entry=earlier.waiting_entries.first(), created=False)
        raise
    return WaitingOutcome(contact=contact, entry=entry)


def waiting_leave(*, entry: WaitingEntry) -> WaitingEntry:
    """Take a family off a waiting list."""
    with transaction.atomic():
        entry = lock(WaitingEntry.objects.filter(pk=entry.pk)).get()
        if entry.status == WaitingStatus.WAITING:
            entry.status = WaitingStatus.LEFT
            entry.save(update_fields=["status", "updated_at"])
    return entry


def waiting_promote(*, session: Session) -> list[Booking]:
    """Give free places to the families waiting, in the order they joined, and tell each one.

    A family whose numbers do not fit the places free is passed over this time and
    keeps its place in the list, so one large family never holds up smaller ones.
    """
    promoted = []
    with transaction.atomic():
        session = locked_session(session)
        if session.status == SessionStatus.CANCELLED or session.start <= timezone.now():
            return promoted
        adults_left, creche_left = places_left([session.pk])[session.pk]
        waiting = lock(
            WaitingEntry.objects.filter(session=session, status=WaitingStatus.WAITING, contact__isnull=False)
        ).order_by("created_at", "pk")
        leaders = None
        for entry in waiting:
            if adults_left <= 0:
                break
            if not fits((adults_left, creche_left), adults=entry.adults, creche_children=entry.creche_children):
                continue
            booking = Booking.objects.create(
                session=session,
                contact_id=entry.contact_id,
                household_ref=entry.contact.household_ref,
                adults=entry.adults,
                children=entry.children,
                creche_children=entry.creche_children,
                children_ages=entry.children_ages,
                access_needs=entry.access_needs,
                language=entry.language,
            )
            entry.status = WaitingStatus.PROMOTED
            entry.booking = booking
            entry.save(update_fields=["status", "booking", "updated_at"])
            adults_left -= entry.adults
            creche_left -= entry.creche_children
            family_notify(
                kind=MessageKind.WAITING_PROMOTED,
                contact=entry.contact,
                booking=booking,
                waiting_entry=entry,
                session=session,
                dedupe_key=f"waiting_promoted:{entry.pk}",
            )
            if leaders is None:
                leaders = list(leaders_to_email(page_id=session.page_id))
            leaders_notify(kind=LeaderMessageKind.WAITING_PROMOTED, session=session, about=booking, leaders=leaders)
            promoted.append(booking)
    if promoted:
        logger.info("Gave %d waiting families a place in session %s", len(promoted), session.pk)
    return promoted
