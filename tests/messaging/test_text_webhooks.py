"""Twilio's delivery reports and STOP/START replies reach the outbox through signed webhooks.

Requests are signed as Twilio signs them, with RequestValidator and the auth token; a
text sent afterwards goes to a local stand-in for Twilio (tests/messaging/twilio_stand_in.py).
"""

import logging

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from twilio.request_validator import RequestValidator

from messaging import renderers
from messaging.channels.text import TEXT, Text
from messaging.models import DeliveryStatus, MessageStatus, OutboundMessage, TextOptOut
from messaging.selectors import text_number_stopped
from messaging.sending import message_send
from messaging.services import message_queue
from tests.messaging.twilio_stand_in import AUTH_TOKEN

pytestmark = pytest.mark.django_db

NUMBER = "+447700900123"
STATUS_PATH = "/texts/status/"
INCOMING_PATH = "/texts/incoming/"
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_post(client, path, params, *, base_url="http://testserver", token=AUTH_TOKEN, **headers):
    signature = RequestValidator(token).compute_signature(base_url + path, params)
    return client.post(path, params, headers={"X-Twilio-Signature": signature, **headers})


@pytest.fixture
def sent_text(twilio_stand_in):
    """A text the outbox handed to Twilio, which gave it the id SM1."""
    morag = User.objects.create_user("morag")
    return OutboundMessage.objects.create(
        channel=TEXT, kind="test_text", recipient=morag, status=MessageStatus.SENT, provider_id="SM1", segments=1
    )


@pytest.fixture
def reminder():
    renderers.register(
        channel=TEXT, kind="test_text_reminder", renderer=lambda message: Text(to=NUMBER, body="See you at 10:00.")
    )
    return "test_text_reminder"


def _report(status, error_code="", sid="SM1"):
    params = {"MessageSid": sid, "MessageStatus": status, "To": NUMBER, "From": "+447700900001"}
    if error_code:
        params["ErrorCode"] = error_code
    return params


def test_the_addresses_are_the_same_in_every_language():
    assert reverse("messaging:text_status") == STATUS_PATH
    assert reverse("messaging:text_incoming") == INCOMING_PATH


def test_a_delivery_report_marks_the_text_delivered(client, sent_text):
    response = signed_post(client, STATUS_PATH, _report("delivered"))

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert (sent_text.delivery_status, sent_text.delivery_error) == (DeliveryStatus.DELIVERED, "")


@pytest.mark.parametrize(
    ("status", "error_code", "reason"),
    [
        ("undelivered", "30003", "phone switched off or out of signal"),
        ("undelivered", "30005", "unknown number"),
        ("failed", "30006", "landline or unreachable carrier"),
        ("undelivered", "30007", "blocked as spam by the carrier"),
        ("failed", "30999", "error 30999"),
    ],
)
def test_a_text_not_delivered_records_why_in_plain_words(client, sent_text, status, error_code, reason):
    response = signed_post(client, STATUS_PATH, _report(status, error_code))

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert (sent_text.delivery_status, sent_text.delivery_error) == (DeliveryStatus.UNDELIVERED, reason)
    assert not TextOptOut.objects.exists()


@pytest.mark.parametrize("status", ["queued", "sending", "sent"])
def test_a_report_on_the_way_changes_nothing(client, sent_text, status):
    signed_post(client, STATUS_PATH, _report("delivered"))

    assert signed_post(client, STATUS_PATH, _report(status)).status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == DeliveryStatus.DELIVERED


def test_a_report_about_a_text_we_do_not_hold_is_accepted_quietly(client, sent_text):
    response = signed_post(client, STATUS_PATH, _report("undelivered", "30003", sid="SM-erased"))

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == DeliveryStatus.UNKNOWN


def test_a_text_refused_because_the_number_replied_stop_records_the_opt_out(
    client, sent_text, reminder, twilio_stand_in, caplog
):
    caplog.set_level(logging.INFO)

    signed_post(client, STATUS_PATH, _report("failed", "21610"))

    sent_text.refresh_from_db()
    assert (sent_text.delivery_status, sent_text.delivery_error) == (
        DeliveryStatus.UNDELIVERED,
        "the number replied STOP",
    )
    assert text_number_stopped(NUMBER)
    assert TextOptOut.objects.get().how == "provider"
    later = message_queue(channel=TEXT, kind=reminder, recipient=User.objects.get())
    assert message_send(message_id=later.pk) == MessageStatus.SKIPPED
    assert twilio_stand_in.received() == []
    assert "900123" not in caplog.text


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        RequestValidator("another-token").compute_signature("http://testserver" + STATUS_PATH, _report("delivered")),
        # Signed for other parameters: a report replayed with its status changed.
        RequestValidator(AUTH_TOKEN).compute_signature("http://testserver" + STATUS_PATH, _report("failed")),
    ],
    ids=["missing", "empty", "another token", "other parameters"],
)
def test_a_report_without_a_valid_signature_is_refused_and_changes_nothing(client, sent_text, signature):
    headers = {} if signature is None else {"X-Twilio-Signature": signature}

    response = client.post(STATUS_PATH, _report("delivered"), headers=headers)

    assert response.status_code == 403
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == DeliveryStatus.UNKNOWN


def test_without_an_auth_token_every_request_is_refused(client, sent_text, settings):
    settings.TWILIO_AUTH_TOKEN = ""

    assert signed_post(client, STATUS_PATH, _report("delivered"), token="").status_code == 403
    assert signed_post(client, INCOMING_PATH, {"From": NUMBER, "Body": "STOP"}, token="").status_code == 403
    assert not TextOptOut.objects.exists()


def test_the_signature_is_checked_against_the_address_twilio_was_given(client, sent_text, settings):
    """Behind the proxy Django sees http://<internal host>; Twilio signed the public https address."""
    settings.BASE_URL = "https://gather.example.org"

    assert signed_post(client, STATUS_PATH, _report("failed", "30003")).status_code == 403
    assert signed_post(
        client, STATUS_PATH, _report("delivered"), base_url="https://gather.example.org"
    ).status_code == (204)
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == DeliveryStatus.DELIVERED


@pytest.mark.parametrize("body", ["STOP", " stop ", "Stop", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT"])
def test_a_stop_reply_stops_every_later_text_to_the_number(client, twilio_stand_in, reminder, body, caplog):
    caplog.set_level(logging.INFO)

    response = signed_post(client, INCOMING_PATH, {"From": NUMBER, "To": "+447700900001", "Body": body})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert response.content == EMPTY_TWIML
    assert text_number_stopped(NUMBER)
    assert TextOptOut.objects.get().how == "reply"
    message = message_queue(channel=TEXT, kind=reminder, recipient=User.objects.create_user("morag"))
    assert message_send(message_id=message.pk) == MessageStatus.SKIPPED
    assert twilio_stand_in.received() == []
    assert "900123" not in caplog.text


def test_advanced_opt_out_names_the_choice_whatever_the_word(client, twilio_stand_in):
    signed_post(client, INCOMING_PATH, {"From": NUMBER, "Body": "Stopp", "OptOutType": "STOP"})
    assert text_number_stopped(NUMBER)

    signed_post(client, INCOMING_PATH, {"From": NUMBER, "Body": "Weiter", "OptOutType": "START"})
    assert not text_number_stopped(NUMBER)


@pytest.mark.parametrize("word", ["START", "yes", "Unstop"])
def test_start_after_stop_lets_texts_go_again(client, twilio_stand_in, reminder, word):
    signed_post(client, INCOMING_PATH, {"From": NUMBER, "Body": "STOP"})

    response = signed_post(client, INCOMING_PATH, {"From": NUMBER, "Body": word})

    assert response.content == EMPTY_TWIML
    assert not text_number_stopped(NUMBER)
    message = message_queue(channel=TEXT, kind=reminder, recipient=User.objects.create_user("morag"))
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    [received] = twilio_stand_in.received()
    assert received.form["To"] == NUMBER


@pytest.mark.parametrize("body", ["Thanks, see you on Tuesday", "HELP", "stop please", ""])
def test_any_other_reply_is_ignored_and_not_kept(client, twilio_stand_in, body, caplog):
    caplog.set_level(logging.DEBUG)
    rows_before = OutboundMessage.objects.count()

    response = signed_post(client, INCOMING_PATH, {"From": NUMBER, "Body": body, "OptOutType": ""})

    assert (response.status_code, response.content) == (200, EMPTY_TWIML)
    assert not TextOptOut.objects.exists()
    assert OutboundMessage.objects.count() == rows_before
    assert "900123" not in caplog.text
    assert not body or body not in caplog.text


@pytest.mark.parametrize("path", [STATUS_PATH, INCOMING_PATH])
def test_only_post_is_accepted_and_no_page_is_offered_in_another_language(client, twilio_stand_in, settings, path):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    for method in (client.get, client.head):
        response = method(path, headers={"Accept": "text/html", "Accept-Language": "ar"})
        assert response.status_code == 405
        assert "X-Page-Cache" not in response
