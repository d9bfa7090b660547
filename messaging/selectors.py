"""Reads of the outbox: a recipient's messages, keys already used, and what texts cost."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import DeliveryStatus, MessagePriority, MessageStatus, OutboundMessage, TextOptOut
from .texting.numbers import number_hash

# The text channel's name (messaging/channels/text.py, which reads its limit from here).
_TEXT = "text"
# Texts held at night or by the daily limit go from this local time in the morning.
TEXTS_RESUME_AT = dt.time(8)


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
    return OutboundMessage.objects.filter(channel=_TEXT, status=MessageStatus.SENT, sent_at__gte=since).count()


def _local(day: dt.date, time: dt.time = dt.time()) -> dt.datetime:
    # The site's own time zone, not the one an admin user chose for their screens: the
    # daily limit and the provider's monthly bill follow the days and months in the UK.
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now, timezone.get_default_timezone()).date()


def _months(now: dt.datetime) -> tuple[dt.date, dt.date, dt.date]:
    """The first days of last month, this month and next month, in the UK."""
    this_month = _today(now).replace(day=1)
    return (
        (this_month - dt.timedelta(days=1)).replace(day=1),
        this_month,
        (this_month + dt.timedelta(days=31)).replace(day=1),
    )


def texts_sent_today(now: dt.datetime) -> int:
    """Texts sent since local midnight: what the daily limit counts."""
    return texts_sent_since(_local(_today(now)))


@dataclass(frozen=True)
class TextsToday:
    """Today's texts against the daily limit (settings.GATHER_TEXTS_PER_DAY)."""

    daily_limit: int
    sent: int
    # Pending texts that are not urgent and would go before the limit starts again:
    # while the limit is reached, each of them waits until `resume_at`.
    can_wait: int
    resume_at: dt.datetime

    @property
    def limit_reached(self) -> bool:
        return self.sent >= self.daily_limit

    @property
    def waiting_for_limit(self) -> int:
        return self.can_wait if self.limit_reached else 0


@dataclass(frozen=True)
class TextsSummary:
    """What texts cost this month and last (calendar months in the UK), and which went wrong."""

    today: TextsToday
    month_start: dt.date
    last_month_start: dt.date
    sent_this_month: int
    segments_this_month: int
    sent_last_month: int
    segments_last_month: int
    # Given up after repeated failures, counted in the month they were written.
    given_up_this_month: int
    # Sent, but the provider reported that the phone never got them.
    undelivered_this_month: int


def _today_counts(now: dt.datetime) -> tuple[Q, dict, dt.datetime]:
    """The rows, counts and resume time for TextsToday, to aggregate in the caller's one query."""
    today = _today(now)
    midnight, resume_at = _local(today), _local(today + dt.timedelta(days=1), TEXTS_RESUME_AT)
    sent_today = Q(status=MessageStatus.SENT, sent_at__gte=midnight)
    can_wait = Q(status=MessageStatus.PENDING, next_attempt_at__lte=resume_at) & ~Q(priority=MessagePriority.URGENT)
    counts = {"sent_today": Count("pk", filter=sent_today), "can_wait": Count("pk", filter=can_wait)}
    return sent_today | can_wait, counts, resume_at


def _texts_today(figures: dict, resume_at: dt.datetime) -> TextsToday:
    return TextsToday(
        daily_limit=settings.GATHER_TEXTS_PER_DAY,
        sent=figures["sent_today"],
        can_wait=figures["can_wait"],
        resume_at=resume_at,
    )


def texts_today(now: dt.datetime) -> TextsToday:
    """Today's texts against the daily limit, and how many wait because of it (one query)."""
    rows, counts, resume_at = _today_counts(now)
    figures = OutboundMessage.objects.filter(rows, channel=_TEXT).aggregate(**counts)
    return _texts_today(figures, resume_at)


def texts_summary(now: dt.datetime) -> TextsSummary:
    """Texts sent and segments paid for this month and last, today against the limit, and
    the texts that went wrong this month (one query)."""
    last_month_start, month_start, next_month_start = _months(now)
    this_month = (_local(month_start), _local(next_month_start))
    last_month = (_local(last_month_start), this_month[0])
    sent_this_month = Q(status=MessageStatus.SENT, sent_at__gte=this_month[0], sent_at__lt=this_month[1])
    sent_last_month = Q(status=MessageStatus.SENT, sent_at__gte=last_month[0], sent_at__lt=last_month[1])
    given_up = Q(status=MessageStatus.FAILED, created_at__gte=this_month[0], created_at__lt=this_month[1])
    today_rows, today_counts, resume_at = _today_counts(now)
    figures = OutboundMessage.objects.filter(
        sent_this_month | sent_last_month | given_up | today_rows, channel=_TEXT
    ).aggregate(
        **today_counts,
        sent_this_month=Count("pk", filter=sent_this_month),
        segments_this_month=Sum("segments", filter=sent_this_month, default=0),
        sent_last_month=Count("pk", filter=sent_last_month),
        segments_last_month=Sum("segments", filter=sent_last_month, default=0),
        given_up_this_month=Count("pk", filter=given_up),
        undelivered_this_month=Count("pk", filter=sent_this_month & Q(delivery_status=DeliveryStatus.UNDELIVERED)),
    )
    return TextsSummary(
        today=_texts_today(figures, resume_at),
        month_start=month_start,
        last_month_start=last_month_start,
        sent_this_month=figures["sent_this_month"],
        segments_this_month=figures["segments_this_month"],
        sent_last_month=figures["sent_last_month"],
        segments_last_month=figures["segments_last_month"],
        given_up_this_month=figures["given_up_this_month"],
        undelivered_this_month=figures["undelivered_this_month"],
    )


def texts_gone_wrong(now: dt.datetime) -> models.QuerySet:
    """This month's texts that were given up or that the provider could not deliver, newest first.

    Each carries `happened_at`: when it was sent (not delivered) or written (given up).
    """
    _last_month_start, month_start, next_month_start = _months(now)
    start, end = _local(month_start), _local(next_month_start)
    undelivered = Q(
        status=MessageStatus.SENT, delivery_status=DeliveryStatus.UNDELIVERED, sent_at__gte=start, sent_at__lt=end
    )
    given_up = Q(status=MessageStatus.FAILED, created_at__gte=start, created_at__lt=end)
    return (
        OutboundMessage.objects.filter(undelivered | given_up, channel=_TEXT)
        .annotate(happened_at=Coalesce("sent_at", "created_at"))
        .order_by("-happened_at", "-pk")
    )


def messages_gone_wrong_since(since: dt.datetime) -> models.QuerySet:
    """Messages by any channel given up since `since`, and texts sent since then that the
    provider could not deliver; newest first, each with `happened_at` as texts_gone_wrong."""
    undelivered = Q(
        channel=_TEXT, status=MessageStatus.SENT, delivery_status=DeliveryStatus.UNDELIVERED, sent_at__gte=since
    )
    given_up = Q(status=MessageStatus.FAILED, created_at__gte=since)
    return (
        OutboundMessage.objects.filter(undelivered | given_up)
        .annotate(happened_at=Coalesce("sent_at", "created_at"))
        .order_by("-happened_at", "-pk")
    )


@dataclass(frozen=True)
class OutboxBacklog:
    """Messages waiting to go: all of them, and those due now (not held for the morning
    or for a retry's pause), with when the oldest of each was written or fell due."""

    waiting: int
    due: int
    oldest_waiting_at: dt.datetime | None
    oldest_due_at: dt.datetime | None


def outbox_backlog(now: dt.datetime) -> OutboxBacklog:
    """What waits in the outbox (one query, on the status and next-attempt index)."""
    due = Q(next_attempt_at__lte=now)
    figures = OutboundMessage.objects.filter(status=MessageStatus.PENDING).aggregate(
        waiting=Count("pk"),
        due=Count("pk", filter=due),
        oldest_waiting_at=Min("created_at"),
        oldest_due_at=Min("next_attempt_at", filter=due),
    )
    return OutboxBacklog(**figures)


def text_number_stopped(number: str) -> bool:
    """Whether this number replied STOP (and not START since)."""
    return TextOptOut.objects.filter(number_hash=number_hash(number), stopped=True).exists()


def text_numbers_stopped(numbers) -> set[str]:
    """Which of these numbers replied STOP: one query for a list of families."""
    hashes = {number_hash(number): number for number in numbers if number}
    stopped = TextOptOut.objects.filter(number_hash__in=list(hashes), stopped=True)
    return {hashes[each] for each in stopped.values_list("number_hash", flat=True)}


__all__ = [
    "TEXTS_RESUME_AT",
    "OutboxBacklog",
    "TextsSummary",
    "TextsToday",
    "dedupe_keys_queued",
    "messages_for",
    "messages_gone_wrong_since",
    "outbox_backlog",
    "text_number_stopped",
    "text_numbers_stopped",
    "texts_gone_wrong",
    "texts_sent_since",
    "texts_sent_today",
    "texts_summary",
    "texts_today",
]
