"""Emails a family must get, written in the same transaction as the change."""

from django.db import models
from django.utils import timezone

from events.models.bookings import Booking, WaitingEntry
from events.models.contacts import Contact
from events.models.schedules import Session


class EmailKind(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", "Booking confirmed"
    BOOKING_CHANGED = "booking_changed", "Booking changed"
    BOOKING_CANCELLED = "booking_cancelled", "Booking cancelled"
    WAITING_JOINED = "waiting_joined", "On the waiting list"
    WAITING_PROMOTED = "waiting_promoted", "Place from the waiting list"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    SESSION_MOVED = "session_moved", "Session moved"
    REMINDER = "reminder", "Reminder"


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up after repeated failures"
    SKIPPED = "skipped", "Not sent: no longer needed"


class OutboundEmail(models.Model):
    """An email a family must get, written in the same transaction as the change.

    The message is rendered when it is sent, from the rows it points at, so no copy
    of personal details is kept here; erasing a contact removes its emails. A send
    that fails stays pending and is retried (`manage.py send_pending_emails`).
    """

    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="emails")
    waiting_entry = models.ForeignKey(
        WaitingEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="emails")
    # Set for messages that must go out at most once, e.g. "reminder:<booking id>".
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker that starts a send holds it until then, so two workers never send twice.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} email {self.pk} ({self.get_status_display().lower()})"
