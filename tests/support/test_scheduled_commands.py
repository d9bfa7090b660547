"""The one-to-one reminders' daily command records its last success, and only a whole, scheduled run counts."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.models import ScheduledJobRun
from home.scheduled_jobs import scheduled_jobs_status

pytestmark = pytest.mark.django_db

COMMAND = "send_support_reminders"


def last_success():
    return ScheduledJobRun.objects.filter(name=COMMAND).values_list("last_success_at", flat=True).first()


def test_a_successful_run_records_when_it_finished():
    before = timezone.now()
    call_command(COMMAND, stdout=mock.MagicMock())
    assert before <= last_success() <= timezone.now()


def test_a_run_that_fails_or_acts_as_another_day_records_nothing():
    with (
        mock.patch(
            "support.management.commands.send_support_reminders.support_reminders_queue",
            side_effect=RuntimeError("the database went away"),
        ),
        pytest.raises(RuntimeError),
    ):
        call_command(COMMAND, stdout=mock.MagicMock())
    call_command(COMMAND, stdout=mock.MagicMock(), today="2027-01-05")

    assert last_success() is None


def test_the_job_is_watched_like_the_others():
    ScheduledJobRun.objects.update_or_create(
        name=COMMAND, defaults={"last_success_at": timezone.now() - dt.timedelta(days=1)}
    )
    assert COMMAND in [status.job.name for status in scheduled_jobs_status()]
