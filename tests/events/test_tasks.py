"""Background work: a failed email never undoes a booking and goes out later; one reminder the day before."""

import datetime as dt
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from events.models import Booking, Schedule, Session
from events.models.bookings import BookingStatus
from events.models.messages import MessageKind
from events.services.bookings import booking_cancel
from events.services.sessions import session_cancel
from events.services_notify import reminders_queue
from messaging import tasks
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import MAX_ATTEMPTS, pending_messages_send
from tests.events.booking_support import book, group_make, session_make

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def group():
    return group_make()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.events.test_tasks.MailServerDown"}}
    return settings


def make_due(email):
    OutboundMessage.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


class TestEmailFailures:
    def test_a_booking_stands_when_the_mail_server_is_down_and_the_email_goes_out_when_it_is_back(
        self, group, commit, mail_server_down
    ):
        with commit():
            outcome = book(session_make(group), email="amina@example.org")

        booking = Booking.objects.get(pk=outcome.bookings[0].pk)
        assert booking.status == BookingStatus.CONFIRMED
        email = OutboundMessage.objects.get(kind=MessageKind.BOOKING_CONFIRMED)
        assert (email.status, email.attempts) == (MessageStatus.PENDING, 1)
        assert "SMTPServerDisconnected" in email.last_error
        assert email.next_attempt_at > timezone.now()
        assert mail.outbox == []

        # Not due yet: the retry waits a while rather than hammering a broken server.
        call_command("send_pending_emails", stdout=StringIO())
        email.refresh_from_db()
        assert email.attempts == 1

        mail_server_down.MAILERS = WORKING
        make_due(email)
        output = StringIO()
        call_command("send_pending_emails", stdout=output)

        email.refresh_from_db()
        assert (email.status, email.attempts) == (MessageStatus.SENT, 2)
        assert [m.to for m in mail.outbox] == [["amina@example.org"]]
        assert "1 sent" in output.getvalue()

    def test_the_retry_command_sends_what_is_due_and_says_so(self, group, commit, mail_server_down):
        with commit():
            book(session_make(group))
        mail_server_down.MAILERS = WORKING
        make_due(OutboundMessage.objects.get())
        output = StringIO()

        call_command("send_pending_emails", stdout=output)

        assert output.getvalue() == "1 sent.\n"
        assert len(mail.outbox) == 1

    def test_after_repeated_failures_an_email_is_given_up_and_kept_for_staff_to_see(self, group, mail_server_down):
        book(session_make(group))
        email = OutboundMessage.objects.get()
        for _ in range(MAX_ATTEMPTS):
            make_due(email)
            pending_messages_send()

        email.refresh_from_db()
        assert (email.status, email.attempts) == (MessageStatus.FAILED, MAX_ATTEMPTS)
        assert Booking.objects.get().status == BookingStatus.CONFIRMED

    def test_an_email_is_never_sent_twice(self, group, commit):
        with commit():
            book(session_make(group))
        email = OutboundMessage.objects.get()

        assert tasks.send_message.enqueue(message_id=email.pk).return_value == MessageStatus.SENT
        make_due(email)
        pending_messages_send()

        assert len(mail.outbox) == 1

    def test_a_confirmation_for_a_booking_already_cancelled_is_not_sent(self, group, commit, mail_server_down):
        with commit():
            booking = book(session_make(group)).bookings[0]
        booking_cancel(booking=booking, notify=False)
        mail_server_down.MAILERS = WORKING
        make_due(OutboundMessage.objects.get())

        pending_messages_send()

        assert OutboundMessage.objects.get().status == MessageStatus.SKIPPED
        assert mail.outbox == []


class TestReminders:
    def test_families_booked_for_tomorrow_get_one_reminder(self, group, commit):
        tomorrow = session_make(group, days=1)
        later = session_make(group, days=2)
        book(tomorrow, first_name="Amina", email="amina@example.org")
        book(tomorrow, first_name="Sara", email="", phone="07700 900123")
        cancelled = book(tomorrow, first_name="Kirsty", email="kirsty@example.org").bookings[0]
        booking_cancel(booking=cancelled, notify=False)
        book(later, first_name="Morag", email="morag@example.org")
        mail.outbox.clear()

        with commit():
            first = reminders_queue()
        with commit():
            second = reminders_queue()

        assert (first, second) == (1, 0)
        [reminder] = mail.outbox
        assert reminder.to == ["amina@example.org"]
        assert reminder.subject == f"See you tomorrow: {group.title}"
        assert "cancel" in reminder.body

    def test_no_reminder_for_a_cancelled_session(self, group, commit):
        session = session_make(group, days=1)
        book(session)
        session_cancel(session=session, reason="Closed")
        mail.outbox.clear()

        with commit():
            call_command("send_reminders", stdout=StringIO())

        assert mail.outbox == []

    def test_the_command_can_be_given_a_day(self, group, commit):
        session = session_make(group, days=3)
        book(session)
        mail.outbox.clear()
        output = StringIO()

        with commit():
            call_command(
                "send_reminders", "--day", (timezone.localdate() + dt.timedelta(days=3)).isoformat(), stdout=output
            )

        assert "Queued 1 reminders" in output.getvalue()
        assert len(mail.outbox) == 1


class TestSyncCommand:
    def test_the_daily_sync_rolls_every_published_schedule_forward(self, group):
        import recurrence as django_recurrence

        Schedule.objects.create(
            page=group,
            recurrences=django_recurrence.Recurrence(
                rrules=[django_recurrence.Rule(django_recurrence.WEEKLY, byday=[django_recurrence.WE])]
            ),
            starts_on=timezone.localdate(),
            start_time=dt.time(10),
        )
        output = StringIO()

        call_command("sync_sessions", stdout=output)
        call_command("sync_sessions", stdout=output)

        sessions = Session.objects.filter(page=group)
        assert 25 <= sessions.count() <= 27
        assert "0 sessions added" in output.getvalue().splitlines()[-1]
