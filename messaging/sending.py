"""Send what waits in the outbox: claimed so two workers never send one message twice.

A send that fails is tried again later with a growing pause and given up after
MAX_ATTEMPTS; whatever went wrong never reaches the change that queued the message.
"""

import datetime as dt
import logging

from django.db.models import F, Q
from django.utils import timezone

from .channels import channel_get
from .channels.text import TextStopped
from .models import MessageStatus, OutboundMessage
from .renderers import NotNeeded, renderer_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# How long a worker holds a message it is sending before another may try it.
CLAIM_SECONDS = 300
RETRY_BASE_SECONDS = 120
RETRY_MAX_SECONDS = 6 * 60 * 60


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Take a message for sending; False if it was sent already or another worker has it."""
    return bool(
        OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )


def _held(message: OutboundMessage, now: dt.datetime) -> bool:
    """Put off a claimed message its channel says must wait (a text at night, or past the daily limit).

    The claim is given back and not counted as an attempt: the message keeps its tries
    for real failures.
    """
    until = channel_get(message.channel).hold_until(message, now)
    if until is None:
        return False
    message.attempts -= 1
    message.next_attempt_at, message.claimed_until = until, None
    message.save(update_fields=["attempts", "next_attempt_at", "claimed_until"])
    return True


def message_send(*, message_id: int) -> str:
    """Send one outbox message unless it was sent already; returns its status afterwards."""
    now = timezone.now()
    if not _claim(message_id, now):
        return OutboundMessage.objects.filter(pk=message_id).values_list("status", flat=True).first() or "missing"
    message = OutboundMessage.objects.get(pk=message_id)
    if _held(message, now):
        return message.status
    receipt = None
    try:
        rendered = renderer_for(channel=message.channel, kind=message.kind)(message)
        if not isinstance(rendered, NotNeeded):
            receipt = channel_get(message.channel).send(rendered)
    except TextStopped:
        rendered = NotNeeded("the number replied STOP")
    except Exception as error:  # noqa: BLE001 - any failure to send is retried later, never raised
        message.status = MessageStatus.FAILED if message.attempts >= MAX_ATTEMPTS else MessageStatus.PENDING
        message.next_attempt_at = now + _retry_delay(message.attempts)
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        message.claimed_until = None
        message.save(update_fields=["status", "next_attempt_at", "last_error", "claimed_until"])
        logger.warning("Message %s not sent (attempt %d): %s", message.pk, message.attempts, message.last_error)
        return message.status
    if isinstance(rendered, NotNeeded):
        message.status, message.last_error, message.claimed_until = MessageStatus.SKIPPED, rendered.reason, None
        message.save(update_fields=["status", "last_error", "claimed_until"])
        return message.status
    message.status, message.sent_at, message.claimed_until = MessageStatus.SENT, timezone.now(), None
    message.last_error = ""
    if receipt is not None:
        message.provider_id, message.segments = receipt.provider_id[:64], receipt.segments
    message.save(update_fields=["status", "sent_at", "claimed_until", "last_error", "provider_id", "segments"])
    return message.status


def pending_messages_send(*, channel: str | None = None, now: dt.datetime | None = None, limit: int = 500) -> dict:
    """Send every pending message (by `channel`, or all) whose next try is due; counts by resulting status."""
    now = now or timezone.now()
    due = OutboundMessage.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if channel:
        due = due.filter(channel=channel)
    counts: dict[str, int] = {}
    for message_id in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]:
        status = message_send(message_id=message_id)
        counts[status] = counts.get(status, 0) + 1
    return counts


__all__ = ["MAX_ATTEMPTS", "message_send", "pending_messages_send"]
