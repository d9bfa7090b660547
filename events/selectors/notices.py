"""A leader's messages to a session's families: who they reach, and what the outbox did with each."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from events.language import recipient_language
from events.models.bookings import Booking, BookingStatus
from events.models.notices import SessionNotice
from events.models.schedules import Session
from messaging.channels.text import TEXT
from messaging.models import DeliveryStatus, MessageStatus
from messaging.selectors import messages_for


@dataclass(frozen=True)
class NoticeReach:
    """The families a message to a session goes to (confirmed bookings), and by which channels."""

    bookings: list[Booking]

    @property
    def by_email(self) -> int:
        return sum(1 for booking in self.bookings if booking.contact.email)

    @property
    def by_text(self) -> int:
        return sum(1 for booking in self.bookings if booking.contact.wants_texts)

    @property
    def families(self) -> int:
        """Families who get it by at least one channel."""
        return sum(1 for booking in self.bookings if booking.contact.email or booking.contact.wants_texts)

    @property
    def unreachable(self) -> int:
        """Families booked who gave a phone number for calls only: staff must ring them."""
        return len(self.bookings) - self.families

    @property
    def text_languages(self) -> set[str]:
        """The languages the texts will be written in, one for each family who gets one."""
        return {
            recipient_language(booking, booking.contact) for booking in self.bookings if booking.contact.wants_texts
        }


def session_notice_reach(*, session: Session) -> NoticeReach:
    """Who a message to the families of `session` would reach now (one query)."""
    bookings = (
        Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED, contact__isnull=False)
        .select_related("contact")
        .order_by("pk")
    )
    return NoticeReach(bookings=list(bookings))


def session_notices(*, session: Session) -> list[SessionNotice]:
    return list(SessionNotice.objects.filter(session=session).order_by("created_at", "pk"))


def register_messages(*, bookings: list[Booking], notices: list[SessionNotice]) -> list:
    """The outbox rows a session's register shows, in one query.

    Every message of `notices` to the families of `bookings`, and every text about
    one of the bookings that did not reach the family (the provider reported it not
    delivered, or the outbox gave up), so that staff know whom to ring.
    """
    contacts = [booking.contact for booking in bookings if booking.contact_id is not None]
    if not contacts:
        return []
    about_bookings = Q(
        about_type=ContentType.objects.get_for_model(Booking),
        about_id__in=[booking.pk for booking in bookings],
        channel=TEXT,
    ) & (Q(delivery_status=DeliveryStatus.UNDELIVERED) | Q(status=MessageStatus.FAILED))
    about_notices = Q(
        about_type=ContentType.objects.get_for_model(SessionNotice),
        about_id__in=[notice.pk for notice in notices],
    )
    return list(messages_for(contacts).filter(about_bookings | about_notices if notices else about_bookings))


__all__ = ["NoticeReach", "register_messages", "session_notice_reach", "session_notices"]
