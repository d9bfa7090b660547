"""Reads of the outbox for the apps that queue messages: a recipient's messages, keys already used."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import OutboundMessage


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


__all__ = ["dedupe_keys_queued", "messages_for"]
