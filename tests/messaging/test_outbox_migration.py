"""Emails waiting in the old outbox (events.OutboundEmail) when the new one is deployed go out exactly once.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import pending_messages_send

# serialized_rollback, like every other transactional test outside the browser tests:
# the flush after a test without it sends post_migrate, which recreates content types
# and watched jobs that the next serialized test's restored rows would clash with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD_EVENTS = ("events", "0006_contact_details_normalise")
BEFORE = [OLD_EVENTS, ("messaging", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def old_schema():
    """The database as today's events migrations left it, put back to the latest schema afterwards."""
    executor = migrate(BEFORE)
    yield executor
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _page(apps):
    """A page to hold the session: the site's own, or one made here when an earlier test emptied the database."""
    pages = apps.get_model("wagtailcore", "Page").objects
    if pages.exists():
        return pages.order_by("depth").first()
    locale, _ = apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en-gb")
    page_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    return pages.create(
        title="Groups",
        draft_title="Groups",
        slug="groups",
        path="0001",
        depth=1,
        url_path="/",
        locale=locale,
        content_type=page_type,
    )


def old_outbox(apps, now):
    """A booking next week and three emails about it: pending, sent and being sent."""
    page = _page(apps)
    session = apps.get_model("events", "Session").objects.create(
        page=page, start=now + dt.timedelta(days=7), end=now + dt.timedelta(days=7, hours=2)
    )
    contact = apps.get_model("events", "Contact").objects.create(
        first_name="Amina", email="amina@example.org", consent_at=now
    )
    booking = apps.get_model("events", "Booking").objects.create(
        session=session, contact=contact, household_ref=contact.household_ref
    )
    emails = apps.get_model("events", "OutboundEmail").objects
    common = {"contact": contact, "booking": booking, "session": session}
    emails.create(
        kind="booking_confirmed",
        dedupe_key="booking_confirmed:1",
        attempts=1,
        last_error="SMTPServerDisconnected",
        next_attempt_at=now - dt.timedelta(minutes=1),
        **common,
    )
    emails.create(kind="booking_changed", status="sent", attempts=1, sent_at=now - dt.timedelta(hours=1), **common)
    emails.create(
        kind="reminder",
        dedupe_key="reminder:1",
        attempts=1,
        next_attempt_at=now - dt.timedelta(minutes=1),
        claimed_until=now + dt.timedelta(minutes=4),
        **common,
    )
    return contact, booking


def test_waiting_sent_and_claimed_emails_carry_over_and_only_the_waiting_one_is_sent(old_schema):
    now = timezone.now()
    executor = old_schema
    contact, booking = old_outbox(executor.loader.project_state(OLD_EVENTS).apps, now)
    created = dict(
        executor.loader.project_state(OLD_EVENTS)
        .apps.get_model("events", "OutboundEmail")
        .objects.values_list("kind", "created_at")
    )

    migrate(executor.loader.graph.leaf_nodes())

    rows = {message.kind: message for message in OutboundMessage.objects.all()}
    assert sorted(rows) == ["booking_changed", "booking_confirmed", "reminder"]
    for message in rows.values():
        assert (message.channel, message.recipient_id, message.about_id) == ("email", contact.pk, booking.pk)
        assert (message.recipient_type.model, message.about_type.model) == ("contact", "booking")
        assert message.created_at == created[message.kind]
    pending, sent, claimed = rows["booking_confirmed"], rows["booking_changed"], rows["reminder"]
    assert (pending.status, pending.attempts, pending.dedupe_key) == ("pending", 1, "booking_confirmed:1")
    assert pending.last_error == "SMTPServerDisconnected"
    assert (sent.status, sent.sent_at) == ("sent", now - dt.timedelta(hours=1))
    assert claimed.claimed_until == now + dt.timedelta(minutes=4)
    mail.outbox.clear()

    assert pending_messages_send() == {MessageStatus.SENT: 1}
    assert pending_messages_send() == {}

    [message] = mail.outbox
    assert (message.to, message.subject) == (["amina@example.org"], "You are booked: " + booking.session.page.title)
    assert OutboundMessage.objects.get(pk=pending.pk).status == MessageStatus.SENT
    assert OutboundMessage.objects.get(pk=claimed.pk).status == MessageStatus.PENDING
