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


class OutboundMessage(models.Model):
    """A message written in the same transaction as the change it tells someone about.

    A send that fails stays pending and is tried again later
    (`manage.py send_pending_emails`).
    """

    # The names of the channels in messaging/channels/ ("email").
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

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["recipient_type", "recipient_id"]),
        ]

    def __str__(self):
        return (
            f"{self.kind.replace('_', ' ').capitalize()} {self.channel} {self.pk} ({self.get_status_display().lower()})"
        )
