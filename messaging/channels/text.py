"""Text messages (SMS): what a renderer returns for this channel, and how it is sent.

Sending goes through the backend named by settings.TEXT_BACKEND (console by default,
locmem in tests, Twilio in production). A text to a number that replied STOP is
never handed to the provider.

Texts also wait where emails would not: a routine text (a reminder) is held between
21:00 and 08:00 local time, and past the daily limit (settings.GATHER_TEXTS_PER_DAY)
every text but an urgent one waits for the next morning. `hold_until` says till when.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from messaging.models import MessagePriority
from messaging.selectors import TEXTS_RESUME_AT, text_number_stopped, texts_sent_today
from messaging.texting.backends import text_backend
from messaging.texting.segments import segments_count

from .base import Channel, Receipt

logger = logging.getLogger(__name__)

TEXT = "text"
# Reminders and other routine texts are not sent from 21:00 until 08:00, local time.
QUIET_FROM, QUIET_UNTIL = dt.time(21), TEXTS_RESUME_AT
# The most segments a text of ours may take (two UCS-2 segments hold 134 characters).
MAX_SEGMENTS = 2


class TextStopped(Exception):
    """The number replied STOP: the text is not sent (and the outbox marks it not needed)."""


@dataclass(frozen=True)
class Text:
    to: str  # E.164, e.g. +447700900123
    body: str


def _next_morning(now: dt.datetime, *, today_if_before: bool) -> dt.datetime:
    local = timezone.localtime(now)
    day = local.date()
    if not (today_if_before and local.time() < QUIET_UNTIL):
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, QUIET_UNTIL))


def in_quiet_hours(now: dt.datetime) -> bool:
    local = timezone.localtime(now).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def text_hold_until(message, now: dt.datetime) -> dt.datetime | None:
    """When a text that is due now may go instead, or None if it may go now."""
    if message.priority == MessagePriority.URGENT:
        return None
    if message.priority == MessagePriority.ROUTINE and in_quiet_hours(now):
        return _next_morning(now, today_if_before=True)
    if texts_sent_today(now) >= settings.GATHER_TEXTS_PER_DAY:
        logger.warning(
            "The daily text limit (%d) is reached: text %s waits until tomorrow morning.",
            settings.GATHER_TEXTS_PER_DAY,
            message.pk,
        )
        return _next_morning(now, today_if_before=False)
    return None


def text_send(text: Text) -> Receipt:
    if text_number_stopped(text.to):
        raise TextStopped("the number replied STOP")
    provider_id = text_backend().send(text)
    return Receipt(provider_id=provider_id or "", segments=segments_count(text.body).segments)


CHANNEL = Channel(name=TEXT, send=text_send, hold_until=text_hold_until)

__all__ = ["CHANNEL", "MAX_SEGMENTS", "TEXT", "Text", "TextStopped", "in_quiet_hours", "text_send"]
