"""Texts go to Twilio through its official client; an outage leaves them pending and they go once it is back.

Every test talks to a local stand-in for Twilio's REST API (tests/messaging/twilio_stand_in.py),
never to Twilio.
"""

import datetime as dt
import time

import pytest
import requests
from django.contrib.auth.models import User
from django.utils import timezone

from messaging import renderers
from messaging.channels.text import TEXT, Text, text_send
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_send, pending_messages_send
from messaging.services import message_queue
from messaging.texting.backends import twilio as twilio_backend
from messaging.texting.backends.twilio import TextBackend, TwilioRefused
from tests.messaging.twilio_stand_in import ACCOUNT_SID, FROM_NUMBER

NUMBER = "+447700900123"
STATUS_URL = "http://testserver/texts/status/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder():
    """A kind of text from an app other than events, written when it is sent."""

    def render(message):
        return Text(to=NUMBER, body=f"Hello {User.objects.get(pk=message.recipient_id).username}, see you at 10:00.")

    renderers.register(channel=TEXT, kind="test_text_reminder", renderer=render)
    return "test_text_reminder"


def test_a_text_reaches_twilio_from_our_number_with_the_status_address(twilio_stand_in):
    receipt = text_send(Text(to=NUMBER, body="Your place at Peebles toddlers is booked."))

    [received] = twilio_stand_in.received()
    assert received.account == ACCOUNT_SID
    assert received.form == {
        "To": NUMBER,
        "From": FROM_NUMBER,
        "Body": "Your place at Peebles toddlers is booked.",
        "StatusCallback": STATUS_URL,
    }
    assert receipt.provider_id == received.sid
    assert receipt.provider_id.startswith("SM")
    assert receipt.segments == 1


def test_a_messaging_service_sends_from_its_own_numbers(twilio_stand_in, settings):
    settings.TWILIO_FROM = "MG" + "a" * 32

    TextBackend().send(Text(to=NUMBER, body="Hello"))

    [received] = twilio_stand_in.received()
    assert received.form["MessagingServiceSid"] == "MG" + "a" * 32
    assert "From" not in received.form


def test_the_status_address_follows_the_sites_own_address(twilio_stand_in, settings):
    settings.BASE_URL = "https://gather.example.org/"

    TextBackend().send(Text(to=NUMBER, body="Hello"))

    assert twilio_stand_in.received()[0].form["StatusCallback"] == "https://gather.example.org/texts/status/"


@pytest.mark.parametrize("how", ["error", "closed"])
def test_a_send_while_twilio_is_down_raises(twilio_stand_in, how):
    twilio_stand_in.down(how)

    with pytest.raises((TwilioRefused, requests.ConnectionError)):
        TextBackend().send(Text(to=NUMBER, body="Hello"))
    assert twilio_stand_in.received() == []


def test_a_hung_connection_gives_up_after_the_timeout(twilio_stand_in, monkeypatch):
    monkeypatch.setattr(twilio_backend, "TIMEOUT_SECONDS", 0.5)
    twilio_stand_in.down("silent")
    started = time.monotonic()

    with pytest.raises(requests.Timeout):
        TextBackend().send(Text(to=NUMBER, body="Hello"))
    assert time.monotonic() - started < 5
    assert twilio_stand_in.requests == [("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")]


def test_twilios_refusal_is_recorded_without_the_phone_number(twilio_stand_in):
    with pytest.raises(TwilioRefused) as refused:
        TextBackend().send(Text(to=NUMBER, body=""))

    assert refused.value.code == 21602
    assert str(refused.value) == "Twilio error 21602 (HTTP 400): Unable to create record: Message body is required."
    assert "<number>" in str(TwilioRefused(_refusal("The 'To' number +44 7700 900123 is not a valid phone number.")))
    assert "900123" not in str(TwilioRefused(_refusal("The 'To' number +447700900123 is not valid.")))


def _refusal(message):
    from twilio.base.exceptions import TwilioRestException

    return TwilioRestException(400, "/2010-04-01/Accounts/AC1/Messages.json", message, 21211, "POST")


@pytest.mark.parametrize("how", ["error", "closed"])
def test_an_outage_leaves_the_text_pending_and_it_goes_once_when_twilio_is_back(twilio_stand_in, reminder, how):
    morag = User.objects.create_user("morag")
    message = message_queue(channel=TEXT, kind=reminder, recipient=morag)
    twilio_stand_in.down(how)

    assert message_send(message_id=message.pk) == MessageStatus.PENDING
    message.refresh_from_db()
    assert message.attempts == 1
    expected = {"error": "TwilioRefused: Twilio error 20500 (HTTP 503)", "closed": "ConnectionError"}[how]
    assert message.last_error.startswith(expected)
    assert NUMBER not in message.last_error
    assert message.provider_id == ""

    twilio_stand_in.up()
    later = timezone.now() + dt.timedelta(minutes=10)
    assert pending_messages_send(channel=TEXT, now=later) == {MessageStatus.SENT: 1}
    assert pending_messages_send(channel=TEXT, now=later + dt.timedelta(hours=1)) == {}

    [received] = twilio_stand_in.received()
    assert received.form["Body"] == "Hello morag, see you at 10:00."
    message = OutboundMessage.objects.get(pk=message.pk)
    assert (message.status, message.provider_id, message.segments, message.last_error) == (
        MessageStatus.SENT,
        received.sid,
        1,
        "",
    )
