"""Emails that say "this family must be told", queued in the outbox (messaging/).

Services call these inside their transaction, so the email to send is committed
together with the change it describes, or not at all. The outbox sends it after
commit and retries a failed send; events/emails.py writes what it says.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from events.models.bookings import BookingStatus, WaitingStatus
from events.models.messages import EmailKind
from events.models.schedules import SessionStatus
from messaging.channels.email import EMAIL
from messaging.models import OutboundMessage
from messaging.selectors import dedupe_keys_queued
from messaging.services import message_queue

from .models import Booking, Contact, Session, WaitingEntry
from .recurrence import local_datetime


def email_queue(
    *,
    kind: str,
    contact: Contact | None,
    booking: Booking | None = None,
    waiting_entry: WaitingEntry | None = None,
    session: Session | None = None,
    dedupe_key: str | None = None,
) -> OutboundMessage | None:
    """Write one email to the outbox and send it after commit.

    Families who gave only a phone number get no email (None). With `dedupe_key`, a
    message already queued under that key is not queued again. The message is about
    the most particular row given: the booking and the waiting entry each know their
    session, and a promoted entry its booking.
    """
    if contact is None or not contact.email:
        return None
    return message_queue(
        channel=EMAIL,
        kind=kind,
        recipient=contact,
        about=booking or waiting_entry or session,
        dedupe_key=dedupe_key,
    )


def session_change_emails_queue(*, session: Session, kind: str) -> list[OutboundMessage]:
    """Tell every family booked on or waiting for `session` that it was cancelled or moved.

    One email per family per change: the key includes the session's sequence number,
    so a second move sends again but a retry of the same change does not.
    """
    emails = []
    bookings = Booking.objects.filter(
        session=session, status=BookingStatus.CONFIRMED, contact__isnull=False
    ).select_related("contact")
    for booking in bookings:
        emails.append(
            email_queue(
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
        emails.append(
            email_queue(
                kind=kind,
                contact=entry.contact,
                waiting_entry=entry,
                session=session,
                dedupe_key=f"{kind}:{session.pk}:{session.sequence}:waiting:{entry.pk}",
            )
        )
    return [email for email in emails if email is not None]


def reminder_emails_queue(*, day: dt.date | None = None) -> int:
    """Queue a reminder for each confirmed booking in a session on `day` (default: tomorrow).

    Safe to run as often as you like: each booking gets one reminder at most.
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
        .exclude(contact__email="")
    )
    queued = 0
    with transaction.atomic():
        bookings = list(bookings.select_related("contact", "session"))
        keys = {booking.pk: f"reminder:{booking.pk}" for booking in bookings}
        already = dedupe_keys_queued(keys.values())
        for booking in bookings:
            if keys[booking.pk] in already:
                continue
            email_queue(
                kind=EmailKind.REMINDER,
                contact=booking.contact,
                booking=booking,
                session=booking.session,
                dedupe_key=keys[booking.pk],
            )
            queued += 1
    return queued


__all__ = ["email_queue", "reminder_emails_queue", "session_change_emails_queue"]
