"""Messages that say "this family must be told", queued in the outbox (messaging/).

Services call these inside their transaction, so the messages to send are committed
together with the change they describe, or not at all. The outbox sends them after
commit and retries a failed send; events/emails.py and events/texts.py write what
they say. A family hears by each channel they chose: email if they gave an address,
a text if they gave a mobile number and agreed to texts.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models.bookings import BookingStatus, WaitingStatus
from events.models.messages import TEXT_PRIORITY, LeaderMessageKind, MessageKind
from events.models.schedules import SessionStatus
from messaging.channels.email import EMAIL
from messaging.channels.text import TEXT
from messaging.models import MessagePriority, OutboundMessage
from messaging.selectors import dedupe_keys_queued
from messaging.services import message_queue, messages_queue_new

from .models import Booking, Contact, Session, SessionNotice, WaitingEntry
from .recurrence import local_datetime
from .selectors.leader_preferences import leaders_to_email


def _reaches(channel: str, contact: Contact) -> bool:
    """Whether the family chose to hear by `channel`: an email address, or a mobile and agreement to texts."""
    return bool(contact.email) if channel == EMAIL else contact.wants_texts


def family_channels(contact: Contact) -> list[str]:
    """The channels the family chose to hear by, of email and text."""
    return [channel for channel in (EMAIL, TEXT) if _reaches(channel, contact)]


def channel_dedupe_key(channel: str, dedupe_key: str) -> str:
    """The key a message by `channel` is queued under: email keys were used before texts existed."""
    return dedupe_key if channel == EMAIL else f"{channel}:{dedupe_key}"


def message_by_queue(
    channel: str,
    *,
    kind: str,
    contact: Contact | None,
    booking: Booking | None = None,
    waiting_entry: WaitingEntry | None = None,
    session: Session | None = None,
    about: SessionNotice | None = None,
    dedupe_key: str | None = None,
) -> OutboundMessage | None:
    """Write one message by `channel` to the outbox and send it after commit; None if the family did not choose it.

    With `dedupe_key`, a message already queued under that key is not queued again.
    The message is about the most particular row given: `about` (a leader's message to
    the session's families), else the booking or the waiting entry, which each know
    their session (and a promoted entry its booking), else the session. A text's
    priority (how soon it must go) follows its kind; emails always go at once.
    """
    if contact is None or not _reaches(channel, contact):
        return None
    return message_queue(
        channel=channel,
        kind=kind,
        recipient=contact,
        about=about or booking or waiting_entry or session,
        dedupe_key=channel_dedupe_key(channel, dedupe_key) if dedupe_key else None,
        priority=TEXT_PRIORITY.get(kind, MessagePriority.PROMPT) if channel == TEXT else MessagePriority.PROMPT,
    )


def email_queue(**message) -> OutboundMessage | None:
    """One email (see message_by_queue): families who gave only a phone number get none."""
    return message_by_queue(EMAIL, **message)


def family_notify(**message) -> list[OutboundMessage]:
    """Queue the message by every channel the family chose (see message_by_queue for the arguments)."""
    queued = (message_by_queue(channel, **message) for channel in (EMAIL, TEXT))
    return [each for each in queued if each is not None]


def booking_confirmed_queue(*, contact: Contact, booking: Booking, leaders) -> list[OutboundMessage]:
    """Tell a new family their booking is confirmed, and `leaders` (from leaders_to_email) about it, in one insert.

    The same messages family_notify and leaders_notify queue, with the same dedupe
    keys; those keys name the contact and booking just created, so no lookup for an
    earlier copy is needed, and the session stays locked for one write, not two per message.
    """
    family = [
        {
            "channel": channel,
            "kind": MessageKind.BOOKING_CONFIRMED,
            "recipient": contact,
            "about": booking,
            "dedupe_key": channel_dedupe_key(channel, f"booking_confirmed:{contact.pk}"),
            "priority": (
                TEXT_PRIORITY.get(MessageKind.BOOKING_CONFIRMED, MessagePriority.PROMPT)
                if channel == TEXT
                else MessagePriority.PROMPT
            ),
        }
        for channel in family_channels(contact)
    ]
    kind = LeaderMessageKind.BOOKED
    to_leaders = [
        {
            "channel": EMAIL,
            "kind": kind,
            "recipient": leader,
            "about": booking,
            "dedupe_key": f"{kind}:{booking._meta.model_name}:{booking.pk}:{leader.pk}",
        }
        for leader in leaders
    ]
    return messages_queue_new(family + to_leaders)


def leaders_notify(
    *, kind: LeaderMessageKind, session: Session, about: Booking | WaitingEntry, leaders=None
) -> list[OutboundMessage]:
    """Email each leader or coordinator of `session`'s group who asked to hear of its bookings.

    One query for who they are (pass `leaders` to reuse a list already read in the same
    transaction), then one message each. The message is about the booking or waiting
    entry, so erasing the family removes it too (events/services/privacy.py).
    """
    leaders = leaders_to_email(page_id=session.page_id) if leaders is None else leaders
    return [
        message_queue(
            channel=EMAIL,
            kind=kind,
            recipient=leader,
            about=about,
            dedupe_key=f"{kind}:{about._meta.model_name}:{about.pk}:{leader.pk}",
        )
        for leader in leaders
    ]


def session_change_messages_queue(*, session: Session, kind: str) -> list[OutboundMessage]:
    """Tell every family booked on or waiting for `session` that it was cancelled or moved.

    One message per family and channel per change: the key includes the session's sequence number,
    so a second move sends again but a retry of the same change does not.
    """
    messages = []
    bookings = Booking.objects.filter(
        session=session, status=BookingStatus.CONFIRMED, contact__isnull=False
    ).select_related("contact")
    for booking in bookings:
        messages.extend(
            family_notify(
                kind=kind,
                contact=booking.contact,
                booking=booking,
                session=session,
                dedupe_key=f"{kind}:{session.pk}:{session.sequence}:booking:{booking.pk}",
            )
        )
    waiting = WaitingEntry.objects.filter(
        session=session, status=WaitingStatus.WAITING, contact__isnull=False
    ).select_related("contact")
    for entry in waiting:
        messages.extend(
            family_notify(
                kind=kind,
                contact=entry.contact,
                waiting_entry=entry,
                session=session,
                dedupe_key=f"{kind}:{session.pk}:{session.sequence}:waiting:{entry.pk}",
            )
        )
    return messages


def reminders_queue(*, day: dt.date | None = None) -> int:
    """Queue a reminder for each confirmed booking in a session on `day` (default: tomorrow).

    By email and by text, as the family chose; returns how many messages were queued.
    Safe to run as often as you like: each booking gets one reminder at most by each.
    """
    day = day or timezone.localdate() + dt.timedelta(days=1)
    bookings = (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            contact__isnull=False,
            session__start__gte=local_datetime(day, dt.time()),
            session__start__lt=local_datetime(day + dt.timedelta(days=1), dt.time()),
            session__start__gt=timezone.now(),
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .filter(~Q(contact__email="") | (Q(contact__texts_agreed_at__isnull=False) & ~Q(contact__phone="")))
    )
    queued = 0
    with transaction.atomic():
        bookings = list(bookings.select_related("contact", "session"))
        keys = {
            (booking.pk, channel): channel_dedupe_key(channel, f"reminder:{booking.pk}")
            for booking in bookings
            for channel in (EMAIL, TEXT)
        }
        already = dedupe_keys_queued(keys.values())
        for booking in bookings:
            for channel in (EMAIL, TEXT):
                if keys[booking.pk, channel] in already:
                    continue
                message = message_by_queue(
                    channel,
                    kind=MessageKind.REMINDER,
                    contact=booking.contact,
                    booking=booking,
                    session=booking.session,
                    dedupe_key=f"reminder:{booking.pk}",
                )
                queued += message is not None
    return queued


__all__ = [
    "channel_dedupe_key",
    "email_queue",
    "family_channels",
    "family_notify",
    "leaders_notify",
    "message_by_queue",
    "reminders_queue",
    "session_change_messages_queue",
]
