"""The outbox's retry command records its last success, under either of its names."""

from unittest import mock

import pytest
from django.core.management import call_command

from home.models import ScheduledJobRun

pytestmark = pytest.mark.django_db


def recorded():
    return ScheduledJobRun.objects.filter(name="send_pending_messages", last_success_at__isnull=False).exists()


@pytest.mark.parametrize("command", ["send_pending_messages", "send_pending_emails"])
def test_a_run_records_its_success(command):
    call_command(command, stdout=mock.MagicMock())

    assert recorded()


def test_a_run_that_fails_records_nothing():
    failure = RuntimeError("the database went away")
    with (
        mock.patch("messaging.management.commands.send_pending_messages.pending_messages_send", side_effect=failure),
        pytest.raises(RuntimeError),
    ):
        call_command("send_pending_messages", stdout=mock.MagicMock())

    assert not recorded()


def test_a_run_for_one_channel_leaves_the_other_waiting_so_does_not_count():
    call_command("send_pending_messages", channel="email", stdout=mock.MagicMock())

    assert not recorded()
