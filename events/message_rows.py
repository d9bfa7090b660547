"""The rows a message to a family is about, read when the outbox sends it, for emails and texts alike.

The outbox stores only which contact a message goes to and which booking, waiting-list
entry, session or leader's message it is about. `message_rows` reads those rows, with
everything the message shows, and says whether the message is still needed; the
renderers in events/emails.py and events/texts.py then write it in the family's language.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from events.language import recipient_language
from events.models.bookings import LIVE_BOOKING_STATUSES, BookingStatus
from events.models.messages import MessageKind
from events.models.schedules import SessionStatus
from home.localization import title_in_language
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded

from .models import Booking, Contact, Session, SessionNotice, WaitingEntry

# What a message can be about, each read with the rows its message shows.
ABOUT = {
    Booking: Booking.objects.select_related("session__page", "session__venue", "session__moved_from_venue"),
    WaitingEntry: WaitingEntry.objects.select_related("session__page", "session__venue", "session__moved_from_venue"),
    Session: Session.objects.select_related("page", "venue", "moved_from_venue"),
    SessionNotice: SessionNotice.objects.select_related("session__page", "session__venue"),
}


# Told even when the session has started since: the family asked for it.
CANCELLATIONS = {MessageKind.BOOKING_CANCELLED, MessageKind.RUN_CANCELLED}


def message_about(message: OutboundMessage) -> Booking | WaitingEntry | Session | SessionNotice | None:
    if message.about_type_id is None:
        return None
    model = ContentType.objects.get_for_id(message.about_type_id).model_class()
    return ABOUT[model].filter(pk=message.about_id).first() if model in ABOUT else None


def notice_booking(notice: SessionNotice, contact: Contact) -> Booking | None:
    """The family's booking on the session a leader's message is about: the live one, else the latest."""
    bookings = list(Booking.objects.filter(session_id=notice.session_id, contact=contact).order_by("-created_at"))
    live = [each for each in bookings if each.status != BookingStatus.CANCELLED]
    return (live or bookings or [None])[0]


def confirmation_bookings(kind: str, contact: Contact, booking: Booking | None) -> list[Booking]:
    """For a confirmation: every live booking made with this contact (one, or a whole run).

    For a run cancelled in one go: the bookings of that run cancelled at the same moment.
    """
    if kind == MessageKind.RUN_CANCELLED and booking is not None:
        together = list(
            Booking.objects.filter(
                contact=contact,
                status=BookingStatus.CANCELLED,
                updated_at=booking.updated_at,
                session__schedule_id=booking.session.schedule_id,
            )
            .select_related("session__page", "session__venue")
            .order_by("session__start")
        )
        # Always the booking the message is about, even if it changed since.
        return together if booking.pk in {each.pk for each in together} else [booking]
    if kind != MessageKind.BOOKING_CONFIRMED:
        return [booking] if booking else []
    # With what message_about reads too, so the booking a confirmation is about comes from here.
    return list(
        Booking.objects.filter(contact=contact, status__in=LIVE_BOOKING_STATUSES)
        .select_related("session__page", "session__venue", "session__moved_from_venue")
        .order_by("session__start")
    )


def not_needed_reason(kind: str, booking, session, bookings: list[Booking], now: dt.datetime) -> str:
    """Why this message should not go out any more, or ""."""
    if kind == MessageKind.BOOKING_CONFIRMED:
        if not bookings:
            return "the family cancelled before the message went"
        # A run of sessions: worth sending while any of them is still to come.
        return "" if any(b.session.start > now for b in bookings) else "every session booked has started"
    if kind == MessageKind.SESSION_NOTICE:
        # A leader may write while the session is on ("we are in the small hall today").
        if session.end <= now:
            return "the session is over"
    elif session is not None and session.start <= now and kind not in CANCELLATIONS:
        return "the session has already started"
    needs_booking = kind in {
        MessageKind.REMINDER,
        MessageKind.WAITING_PROMOTED,
        MessageKind.BOOKING_CHANGED,
        MessageKind.SESSION_NOTICE,
    }
    if needs_booking and (booking is None or booking.status == BookingStatus.CANCELLED):
        return "the booking was cancelled"
    if kind in {MessageKind.REMINDER, MessageKind.SESSION_NOTICE} and session.status == SessionStatus.CANCELLED:
        return "the session was cancelled"
    return ""


def session_title_load(session: Session | None) -> None:
    """Give `session` the group's name in the active language (one query, non-English only)."""
    if session is not None and (title := title_in_language("translation_key")) is not None:
        session.title_in_language = Page.objects.filter(pk=session.page_id).values_list(title, flat=True).first()


@dataclass(frozen=True)
class MessageRows:
    booking: Booking | None
    waiting_entry: WaitingEntry | None
    session: Session | None
    notice: SessionNotice | None
    # For a confirmation, every live booking the family made (one, or a whole run).
    bookings: list[Booking]
    language: str


def _confirmed_booking(message: OutboundMessage, bookings: list[Booking]) -> Booking | None:
    """The booking a confirmation is about, among the family's live bookings already read, or None."""
    if message.about_type_id != ContentType.objects.get_for_model(Booking).pk:
        return None
    return next((booking for booking in bookings if booking.pk == message.about_id), None)


def message_rows(message: OutboundMessage, contact: Contact) -> MessageRows | NotNeeded:
    """What `message` to `contact` is about, as it is now, or why it is no longer needed."""
    confirmed = None
    if message.kind == MessageKind.BOOKING_CONFIRMED:
        # One query for a confirmation: the booking it is about is one of the family's live ones,
        # unless it was cancelled since (then read on its own, as for any other message).
        confirmed = confirmation_bookings(message.kind, contact, None)
    about = (confirmed and _confirmed_booking(message, confirmed)) or message_about(message)
    if about is None and message.about_id is not None:
        # Sessions no longer in a schedule are deleted with their waiting lists.
        return NotNeeded("the session it was about was removed")
    notice = about if isinstance(about, SessionNotice) else None
    booking = notice_booking(notice, contact) if notice else about if isinstance(about, Booking) else None
    waiting_entry = about if isinstance(about, WaitingEntry) else None
    session = about if isinstance(about, Session) else getattr(about, "session", None)
    bookings = confirmed if confirmed is not None else confirmation_bookings(message.kind, contact, booking)
    if message.kind == MessageKind.SESSION_NOTICE and notice is None:
        return NotNeeded("the leader's message was removed")
    reason = not_needed_reason(message.kind, booking, session, bookings, timezone.now())
    if reason:
        return NotNeeded(reason)
    return MessageRows(
        booking=booking,
        waiting_entry=waiting_entry,
        session=session or (bookings[0].session if bookings else None),
        notice=notice,
        bookings=bookings,
        language=recipient_language(booking, waiting_entry, bookings[0] if bookings else None, contact),
    )


__all__ = ["MessageRows", "message_rows", "session_title_load"]
