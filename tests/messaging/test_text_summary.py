"""What texts cost: counted by the day and the calendar month in the UK, not in UTC."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import Contact
from messaging.models import DeliveryStatus, MessagePriority, MessageStatus, OutboundMessage
from messaging.selectors import texts_gone_wrong, texts_sent_today, texts_summary, texts_today

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
# British Summer Time: local midnight on 1 April is 23:00 UTC on 31 March.
NOW = dt.datetime(2026, 4, 1, 10, 0, tzinfo=UK)
TOMORROW_AT_EIGHT = dt.datetime(2026, 4, 2, 8, 0, tzinfo=UK)


@pytest.fixture
def amina():
    return Contact.objects.create(first_name="Amina", phone="+447700900123", consent_at=NOW - dt.timedelta(days=90))


def text(recipient, *, channel="text", status=MessageStatus.SENT, sent_at=None, created_at=None, **fields):
    """An outbox row as the outbox leaves it, with its times set."""
    message = OutboundMessage.objects.create(
        channel=channel,
        kind="reminder",
        recipient=recipient,
        status=status,
        sent_at=sent_at if status == MessageStatus.SENT else None,
        **fields,
    )
    created_at = created_at or sent_at
    if created_at:
        OutboundMessage.objects.filter(pk=message.pk).update(created_at=created_at)
    return message


def at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=UK)


class TestMonths:
    @pytest.fixture
    def history(self, amina):
        # This month (April), in local time: two of them today.
        text(amina, sent_at=at(2026, 4, 1, 0, 15), segments=2)  # 31 March in UTC
        text(amina, sent_at=at(2026, 4, 1, 9, 0), segments=1)
        # Not yet told what it cost: counted as a text, adds no segments.
        text(amina, sent_at=at(2026, 4, 1, 9, 30), segments=None)
        # Last month (March).
        text(amina, sent_at=at(2026, 3, 31, 23, 50), segments=2)
        text(amina, sent_at=at(2026, 3, 1, 0, 10), segments=1)
        # February, an email, and texts never sent: none of them counted.
        text(amina, sent_at=at(2026, 2, 28, 23, 59), segments=2)
        text(amina, channel="email", sent_at=at(2026, 4, 1, 9, 10))
        text(amina, status=MessageStatus.SKIPPED, created_at=at(2026, 4, 1, 8, 0))

    def test_texts_and_segments_this_month_and_last_follow_the_calendar_in_the_uk(self, history):
        summary = texts_summary(NOW)

        assert (summary.sent_this_month, summary.segments_this_month) == (3, 3)
        assert (summary.sent_last_month, summary.segments_last_month) == (2, 3)
        assert (summary.month_start, summary.last_month_start) == (dt.date(2026, 4, 1), dt.date(2026, 3, 1))

    def test_today_starts_at_midnight_in_the_uk(self, history):
        # 00:15 is today in the UK, though still yesterday in UTC; 23:50 yesterday is not.
        assert texts_summary(NOW).today.sent == 3
        assert texts_sent_today(NOW) == 3

    def test_in_winter_the_months_turn_at_midnight_too(self, amina):
        text(amina, sent_at=at(2026, 11, 30, 23, 59), segments=1)
        text(amina, sent_at=at(2026, 12, 1, 0, 1), segments=2)

        summary = texts_summary(at(2026, 12, 15, 12))

        assert (summary.sent_this_month, summary.segments_this_month) == (1, 2)
        assert (summary.sent_last_month, summary.segments_last_month) == (1, 1)

    def test_the_summary_costs_one_query(self, history, django_assert_num_queries):
        with django_assert_num_queries(1):
            texts_summary(NOW)


class TestWentWrong:
    @pytest.fixture
    def troubles(self, amina):
        return {
            "undelivered": text(
                amina,
                sent_at=at(2026, 4, 1, 0, 30),
                segments=1,
                delivery_status=DeliveryStatus.UNDELIVERED,
                delivery_error="30003: unreachable handset",
            ),
            "given_up": text(amina, status=MessageStatus.FAILED, created_at=at(2026, 4, 1, 0, 5), last_error="Timeout"),
            "delivered": text(amina, sent_at=at(2026, 4, 1, 1), segments=1, delivery_status=DeliveryStatus.DELIVERED),
            "undelivered_in_march": text(
                amina, sent_at=at(2026, 3, 31, 23, 30), segments=1, delivery_status=DeliveryStatus.UNDELIVERED
            ),
            "given_up_in_march": text(amina, status=MessageStatus.FAILED, created_at=at(2026, 3, 31, 23, 0)),
        }

    def test_texts_given_up_and_not_delivered_are_counted_in_their_month(self, troubles):
        summary = texts_summary(NOW)

        assert summary.undelivered_this_month == 1
        assert summary.given_up_this_month == 1
        # An undelivered text was still sent, and paid for.
        assert summary.sent_this_month == 2

    def test_they_are_listed_newest_first(self, troubles):
        listed = list(texts_gone_wrong(NOW))

        assert listed == [troubles["undelivered"], troubles["given_up"]]
        assert listed[0].happened_at == at(2026, 4, 1, 0, 30)


class TestTheDailyLimit:
    @pytest.fixture
    def waiting(self, amina):
        text(amina, sent_at=at(2026, 4, 1, 8, 5))
        text(amina, sent_at=at(2026, 4, 1, 8, 10))
        return [
            # Held by the limit until tomorrow morning.
            text(
                amina, status=MessageStatus.PENDING, priority=MessagePriority.ROUTINE, next_attempt_at=TOMORROW_AT_EIGHT
            ),
            # Due now: the next try holds it too.
            text(amina, status=MessageStatus.PENDING, priority=MessagePriority.PROMPT, next_attempt_at=NOW),
            # Urgent: goes whatever the limit.
            text(amina, status=MessageStatus.PENDING, priority=MessagePriority.URGENT, next_attempt_at=NOW),
            # A retry due after the limit starts again anyway.
            text(
                amina,
                status=MessageStatus.PENDING,
                priority=MessagePriority.ROUTINE,
                next_attempt_at=TOMORROW_AT_EIGHT + dt.timedelta(hours=2),
            ),
        ]

    def test_at_the_limit_texts_that_can_wait_are_counted_as_waiting(self, waiting, settings):
        settings.GATHER_TEXTS_PER_DAY = 2

        today = texts_today(NOW)

        assert today.limit_reached
        assert (today.sent, today.daily_limit, today.waiting_for_limit) == (2, 2, 2)
        assert today.resume_at == TOMORROW_AT_EIGHT
        assert texts_summary(NOW).today == today

    def test_below_the_limit_nothing_waits_for_it(self, waiting, settings):
        settings.GATHER_TEXTS_PER_DAY = 3

        today = texts_today(NOW)

        assert not today.limit_reached
        assert today.waiting_for_limit == 0

    def test_the_limit_starts_again_at_midnight(self, waiting, settings):
        settings.GATHER_TEXTS_PER_DAY = 2

        assert not texts_today(at(2026, 4, 2, 0, 1)).limit_reached

    def test_today_costs_one_query(self, waiting, django_assert_num_queries):
        with django_assert_num_queries(1):
            texts_today(timezone.now())
