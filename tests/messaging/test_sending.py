"""The outbox sends whatever a registered renderer writes, skips what is no longer needed and retries the rest."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from messaging import renderers
from messaging.channels.email import EMAIL, Email
from messaging.models import MessageStatus
from messaging.renderers import NotNeeded
from messaging.selectors import messages_for
from messaging.sending import message_send
from messaging.services import message_queue, messages_delete_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_user("morag", email="morag@example.org")


@pytest.fixture
def welcome():
    """A kind of message from an app other than events, written from its recipient when sent."""

    def render(message):
        user = User.objects.get(pk=message.recipient_id)
        if not user.is_active:
            return NotNeeded("the account was closed")
        return Email(to=[user.email], subject="Welcome", text=f"Hello {user.username}")

    renderers.register(channel=EMAIL, kind="test_welcome", renderer=render)
    return "test_welcome"


def test_a_message_is_sent_once_as_its_renderer_writes_it(staff, welcome, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(channel=EMAIL, kind=welcome, recipient=staff, dedupe_key="welcome:morag")
        again = message_queue(channel=EMAIL, kind=welcome, recipient=staff, dedupe_key="welcome:morag")

    assert again.pk == message.pk
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (["morag@example.org"], "Welcome", "Hello morag")


def test_a_message_no_longer_needed_is_skipped_with_the_reason(staff, welcome):
    message = message_queue(channel=EMAIL, kind=welcome, recipient=staff)
    User.objects.filter(pk=staff.pk).update(is_active=False)

    assert message_send(message_id=message.pk) == MessageStatus.SKIPPED
    message.refresh_from_db()
    assert message.last_error == "the account was closed"
    assert mail.outbox == []


def test_a_kind_nobody_renders_stays_pending_with_the_error_for_a_retry(staff):
    message = message_queue(channel=EMAIL, kind="test_unknown", recipient=staff)

    assert message_send(message_id=message.pk) == MessageStatus.PENDING
    message.refresh_from_db()
    assert (message.attempts, message.last_error.split(":")[0]) == (1, "LookupError")


def test_a_recipients_messages_are_listed_and_removed_with_them(staff, welcome):
    other = User.objects.create_user("sara", email="sara@example.org")
    mine = message_queue(channel=EMAIL, kind=welcome, recipient=staff)
    message_queue(channel=EMAIL, kind=welcome, recipient=other)

    assert list(messages_for([staff])) == [mine]
    assert messages_delete_for(User.objects.filter(pk=staff.pk)) == 1
    assert not messages_for([staff]).exists()
    assert messages_for(User.objects.filter(pk=other.pk)).count() == 1
