"""The messages one-to-one support sends, queued in the outbox (messaging/) inside the change they tell of.

To the family: by each channel they chose (email; texts only when agreed and to a
mobile), in their language, rendered by support/messages.py. To the assigned worker,
and only them: an email that something needs them, which never carries the family's
name, contact details or words; they read those in the admin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.services_notify import channel_dedupe_key, family_channels
from messaging.channels.email import EMAIL
from messaging.channels.text import TEXT
from messaging.models import MessagePriority
from messaging.services import message_queue
from support.models import SupportRequest


class SupportMessageKind(models.TextChoices):
    """Messages to the family about their one-to-one request."""

    ASKED = "support_asked", _("One-to-one request received")
    OFFERED = "support_offered", _("Another one-to-one time offered")
    CONFIRMED = "support_confirmed", _("New one-to-one time confirmed")
    CANCELLED = "support_cancelled", _("One-to-one request cancelled")
    WITHDRAWN = "support_withdrawn", _("One-to-one time withdrawn")
    REMINDER = "support_reminder", _("One-to-one reminder")


class SupportWorkerMessageKind(models.TextChoices):
    """Emails to the assigned worker: something needs them in the admin."""

    NEW = "support_worker_new", _("A new one-to-one request")
    CANCELLED = "support_worker_cancelled", _("A one-to-one request was cancelled")
    OTHER_TIME = "support_worker_other_time", _("A family asked for another time")
    ACCEPTED = "support_worker_accepted", _("A family accepted the time offered")
    DECLINED = "support_worker_declined", _("A family declined the time offered")


# A change of time or a withdrawal matters before the session; a reminder can wait for the daytime.
TEXT_PRIORITY = {
    SupportMessageKind.WITHDRAWN: MessagePriority.URGENT,
    SupportMessageKind.REMINDER: MessagePriority.ROUTINE,
}


def family_tell(*, request: SupportRequest, kind: SupportMessageKind, key: str = "") -> list:
    """Queue `kind` to the family by each channel they chose; `key` makes a repeat a no-op."""
    contact = request.contact
    if contact is None:
        return []
    messages = []
    for channel in family_channels(contact):
        dedupe_key = f"{kind}:{request.pk}:{key}" if key else None
        messages.append(
            message_queue(
                channel=channel,
                kind=kind,
                recipient=contact,
                about=request,
                dedupe_key=channel_dedupe_key(channel, dedupe_key) if dedupe_key else None,
                priority=TEXT_PRIORITY.get(kind, MessagePriority.PROMPT) if channel == TEXT else MessagePriority.PROMPT,
            )
        )
    return messages


def worker_tell(*, request: SupportRequest, kind: SupportWorkerMessageKind):
    """Queue an email to the request's assigned worker, about the request (so erasure removes it)."""
    return message_queue(channel=EMAIL, kind=kind, recipient=request.worker, about=request)
