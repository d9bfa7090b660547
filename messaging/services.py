"""Writes to the outbox: queue a message inside the caller's transaction, remove a recipient's messages.

Also what the text provider reports back: delivery of a text, and STOP or START replies.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .channels import channel_get
from .channels.text import TEXT
from .models import DeliveryStatus, MessagePriority, OutboundMessage, TextOptOut
from .selectors import messages_for
from .tasks import send_message
from .texting.delivery import DELIVERED_STATUSES, OPTED_OUT_ERROR, UNDELIVERED_STATUSES, delivery_error_reason
from .texting.numbers import number_hash


def _reference(instance: models.Model | None) -> tuple[ContentType | None, int | None]:
    if instance is None:
        return None, None
    return ContentType.objects.get_for_model(instance), instance.pk


def _message_fields(*, channel, kind, recipient, about, priority) -> dict:
    channel_get(channel)
    recipient_type, recipient_id = _reference(recipient)
    about_type, about_id = _reference(about)
    return {
        "channel": channel,
        "kind": kind,
        "recipient_type": recipient_type,
        "recipient_id": recipient_id,
        "about_type": about_type,
        "about_id": about_id,
        "priority": priority,
    }


def message_queue(
    *,
    channel: str,
    kind: str,
    recipient: models.Model,
    about: models.Model | None = None,
    dedupe_key: str | None = None,
    priority: str = MessagePriority.PROMPT,
) -> OutboundMessage:
    """Write one message to the outbox and send it after the current transaction commits.

    Called inside the transaction of the change the message tells about, so both are
    saved or neither is. With `dedupe_key`, a message already queued under that key is
    returned instead of queueing another. `priority` says how soon a text must go
    (messaging/channels/text.py); emails go at once whatever it says.
    """
    fields = _message_fields(channel=channel, kind=kind, recipient=recipient, about=about, priority=priority)
    if dedupe_key:
        message, created = OutboundMessage.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
        if not created:
            return message
    else:
        message = OutboundMessage.objects.create(**fields)
    _send_after_commit(message.pk)
    return message


def _send_after_commit(message_id: int) -> None:
    # robust: a task queue that is down must not turn a saved change into an error
    # page; the message stays pending and `send_pending_emails` sends it.
    transaction.on_commit(lambda: send_message.enqueue(message_id=message_id), robust=True)


def messages_queue_new(messages: Iterable[dict]) -> list[OutboundMessage]:
    """Write several messages to the outbox in one insert; each is sent after the transaction commits.

    Each item takes message_queue()'s arguments. For messages about rows created in
    the current transaction (a new booking and its new contact): their dedupe keys
    name those rows, so none can be queued already, and the lookup message_queue()
    makes first is left out. A key found all the same fails the insert, and with it
    the transaction, rather than queueing a message twice.
    """
    rows = [
        OutboundMessage(
            **_message_fields(
                channel=message["channel"],
                kind=message["kind"],
                recipient=message["recipient"],
                about=message.get("about"),
                priority=message.get("priority", MessagePriority.PROMPT),
            ),
            dedupe_key=message.get("dedupe_key") or None,
        )
        for message in messages
    ]
    if not rows:
        return []
    created = OutboundMessage.objects.bulk_create(rows)
    for message in created:
        _send_after_commit(message.pk)
    return created


def messages_delete_for(recipients: models.QuerySet | Iterable[models.Model]) -> int:
    """Remove every message to these recipients (a queryset, or instances of one model)."""
    return messages_for(recipients).delete()[0]


def messages_delete_about(rows: models.QuerySet) -> int:
    """Remove every message about these rows (a queryset of one model), whoever it was to.

    A family's erasure removes what staff were told about their booking as well.
    """
    return OutboundMessage.objects.filter(
        about_type=ContentType.objects.get_for_model(rows.model), about_id__in=rows.values("pk")
    ).delete()[0]


def text_opt_out_set(*, number: str, stopped: bool, how: str) -> TextOptOut:
    """Record that `number` replied STOP (stopped) or START (not stopped), or the provider said so.

    Texts still waiting for a stopped number are not sent: the text channel checks
    at the moment of sending.
    """
    opt_out, _created = TextOptOut.objects.update_or_create(
        number_hash=number_hash(number),
        defaults={"stopped": stopped, "how": how, "changed_at": timezone.now()},
    )
    return opt_out


def text_delivery_record(*, provider_id: str, status: str, error_code: str = "", number: str = "") -> int:
    """Record what the provider reported about a text it accepted; how many outbox rows changed (0 or 1).

    `status` and `error_code` are the provider's words (messaging/texting/delivery.py):
    delivered, or undelivered/failed with the reason; a status on the way (queued,
    sent) changes nothing. A text refused because `number` replied STOP earlier
    records the opt-out too, so no other text is handed to the provider for it.
    A report about a text the outbox no longer holds (its family's data was
    erased) is simply dropped.
    """
    status, error_code = status.strip().lower(), error_code.strip()
    if status in DELIVERED_STATUSES:
        fields = {"delivery_status": DeliveryStatus.DELIVERED, "delivery_error": ""}
    elif status in UNDELIVERED_STATUSES:
        fields = {"delivery_status": DeliveryStatus.UNDELIVERED, "delivery_error": delivery_error_reason(error_code)}
    else:
        return 0
    with transaction.atomic():
        if error_code == OPTED_OUT_ERROR and number:
            text_opt_out_set(number=number, stopped=True, how="provider")
        if not provider_id:
            return 0
        return OutboundMessage.objects.filter(channel=TEXT, provider_id=provider_id).update(**fields)


__all__ = [
    "message_queue",
    "messages_queue_new",
    "messages_delete_about",
    "messages_delete_for",
    "text_delivery_record",
    "text_opt_out_set",
]
