"""Reads of the outbox for the apps that queue messages: a recipient's messages, keys already used."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import MessageStatus, OutboundMessage, TextOptOut
from .texting.numbers import number_hash


def messages_for(recipients: models.QuerySet | Iterable[models.Model]) -> models.QuerySet:
    """The messages to these recipients (a queryset, or instances of one model), oldest first."""
    if isinstance(recipients, models.QuerySet):
        model, ids = recipients.model, recipients.values("pk")
    else:
        recipients = list(recipients)
        if not recipients:
            return OutboundMessage.objects.none()
        model, ids = type(recipients[0]), [recipient.pk for recipient in recipients]
    return OutboundMessage.objects.filter(
        recipient_type=ContentType.objects.get_for_model(model), recipient_id__in=ids
    ).order_by("created_at", "pk")


def dedupe_keys_queued(keys: Iterable[str]) -> set[str]:
    """Which of these dedupe keys a message was already queued under."""
    return set(OutboundMessage.objects.filter(dedupe_key__in=list(keys)).values_list("dedupe_key", flat=True))


def texts_sent_since(since: dt.datetime) -> int:
    return OutboundMessage.objects.filter(channel="text", status=MessageStatus.SENT, sent_at__gte=since).count()


def text_number_stopped(number: str) -> bool:
    """Whether this number replied STOP (and not START since)."""
    return TextOptOut.objects.filter(number_hash=number_hash(number), stopped=True).exists()


def text_numbers_stopped(numbers) -> set[str]:
    """Which of these numbers replied STOP: one query for a list of families."""
    hashes = {number_hash(number): number for number in numbers if number}
    stopped = TextOptOut.objects.filter(number_hash__in=list(hashes), stopped=True)
    return {hashes[each] for each in stopped.values_list("number_hash", flat=True)}


__all__ = ["dedupe_keys_queued", "messages_for", "text_number_stopped", "text_numbers_stopped", "texts_sent_since"]
