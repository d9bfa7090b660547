"""The email outbox: writes that say "this family must be told".

Services call these inside their transaction, so the email to send is committed
together with the change it describes, or not at all. After commit a task sends it
(events/tasks.py); if sending fails the row stays pending and
`manage.py send_pending_emails` tries again later.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from events.models.bookings import BookingStatus, WaitingStatus
from events.models.outbox import EmailKind
from events.models.schedules import SessionStatus

from .models import Booking, Contact, OutboundEmail, Session, WaitingEntry
from .recurrence import local_datetime


def _send_after_commit(email_id: int) -> None:
    from .tasks import send_email  # noqa: PLC0415 (tasks import the outbox models)

    # robust: a task queue that is down must not turn a saved booking into an error
    # page; the email stays pending and the retry command sends it.
    transaction.on_commit(lambda: send_email.enqueue(email_id=email_id), robust=True)


def email_queue(
    *,
    kind: str,
    contact: Contact | None,
    booking: Booking | None = None,
    waiting_entry: WaitingEntry | None = None,
    session: Session | None = None,
    dedupe_key: str | None = None,
) -> OutboundEmail | None:
    """Write one email to the outbox and send it after commit.

    Families who gave only a phone number get no email (None). With `dedupe_key`, a
    message already queued under that key is not queued again.
    """
    if contact is None or not contact.email:
        return None
    fields = {
        "kind": kind,
        "contact": contact,
        "booking": booking,
        "waiting_entry": waiting_entry,
        "session": session or (booking.session if booking else None),
    }
    if dedupe_key:
        email, created = OutboundEmail.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
        if not created:
            return email
    else:
        email = OutboundEmail.objects.create(**fields)
    _send_after_commit(email.pk)
    return email


def session_change_emails_queue(*, session: Session, kind: str) -> list[OutboundEmail]:
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
        already = set(OutboundEmail.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
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
