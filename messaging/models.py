"""The outbox: one row for each message someone must get, whatever the channel.

A row says what the message is about and who gets it (generic references to the
domain's own rows), never what it says: it is rendered when it is sent, so no copy of
personal details is kept here, and the domain removes a recipient's messages with
its other data (messaging/services.py).
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up after repeated failures"
    SKIPPED = "skipped", "Not sent: no longer needed"


class MessagePriority(models.TextChoices):
    """How soon a text must go; emails always go at once."""

    URGENT = "urgent", "At once, even past the daily text limit"
    PROMPT = "prompt", "At once, within the daily text limit"
    ROUTINE = "routine", "In the daytime, within the daily text limit"


class DeliveryStatus(models.TextChoices):
    """What the text provider last reported about a text it accepted."""

    UNKNOWN = "", "Not reported"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Not delivered"


class OutboundMessage(models.Model):
    """A message written in the same transaction as the change it tells someone about.

    A send that fails stays pending and is tried again later
    (`manage.py send_pending_emails`).
    """

    # The names of the channels in messaging/channels/ ("email", "text").
    channel = models.CharField(max_length=20)
    # Defined by the app that queues the message, which also registers its renderer.
    kind = models.CharField(max_length=40)
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    recipient_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    recipient_id = models.PositiveBigIntegerField()
    recipient = GenericForeignKey("recipient_type", "recipient_id")
    # Set for messages that must go out at most once, e.g. "reminder:<booking id>".
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker that starts a send holds it until then, so two workers never send twice.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=MessagePriority.choices, default=MessagePriority.PROMPT)
    # Texts only: what the provider charged for (segments) and what it said about delivery.
    segments = models.PositiveSmallIntegerField(null=True, blank=True)
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    delivery_status = models.CharField(max_length=12, choices=DeliveryStatus.choices, blank=True, default="")
    delivery_error = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["recipient_type", "recipient_id"]),
            models.Index(fields=["channel", "sent_at"]),
        ]

    def __str__(self):
        return (
            f"{self.kind.replace('_', ' ').capitalize()} {self.channel} {self.pk} ({self.get_status_display().lower()})"
        )


class TextOptOut(models.Model):
    """A phone number that replied STOP (or that the provider reports as opted out).

    Kept by a keyed hash of the number, not the number: it outlives the family's other
    details, since a STOP must be honoured after they are erased, and it says no more
    than "this number asked for no texts". START clears `stopped`.
    """

    number_hash = models.CharField(max_length=64, unique=True)
    stopped = models.BooleanField(default=True)
    # "reply" (they texted STOP or START) or "provider" (the provider refused to deliver).
    how = models.CharField(max_length=10)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{'Stopped' if self.stopped else 'Started again'} by {self.how} on {self.changed_at:%Y-%m-%d}"
