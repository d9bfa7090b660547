"""The booking domain's daily commands record their last success, and only a whole, successful run counts."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.models import ScheduledJobRun

pytestmark = pytest.mark.django_db


def last_success(name):
    return ScheduledJobRun.objects.filter(name=name).values_list("last_success_at", flat=True).first()


@pytest.mark.parametrize(
    "command", ["sync_sessions", "send_reminders", "purge_personal_data", "send_check_in_invitations"]
)
def test_a_successful_run_records_when_it_finished(command):
    before = timezone.now()

    call_command(command, stdout=mock.MagicMock())

    assert before <= last_success(command) <= timezone.now()


@pytest.mark.parametrize(
    ("command", "service"),
    [
        ("sync_sessions", "events.management.commands.sync_sessions.all_sessions_sync"),
        ("send_reminders", "events.management.commands.send_reminders.reminders_queue"),
        ("purge_personal_data", "events.management.commands.purge_personal_data.personal_data_purge"),
        (
            "send_check_in_invitations",
            "events.management.commands.send_check_in_invitations.check_in_invitations_queue",
        ),
    ],
)
def test_a_run_that_fails_records_nothing(command, service):
    yesterday = timezone.now() - dt.timedelta(days=1)
    ScheduledJobRun.objects.update_or_create(name=command, defaults={"last_success_at": yesterday})

    with mock.patch(service, side_effect=RuntimeError("the database went away")), pytest.raises(RuntimeError):
        call_command(command, stdout=mock.MagicMock())

    assert last_success(command) == yesterday


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("purge_personal_data", {"dry_run": True}),
        ("send_reminders", {"day": "2027-01-05"}),
        ("send_check_in_invitations", {"today": "2027-01-05"}),
    ],
)
def test_a_dry_run_or_a_run_for_another_day_is_not_the_scheduled_run(command, options):
    call_command(command, stdout=mock.MagicMock(), **options)

    assert last_success(command) is None
