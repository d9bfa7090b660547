"""Texts sent through Twilio's Programmable Messaging, with its official client.

The settings are read at each send, so a change of number or account needs no restart
of the worker. Twilio reports what became of each text to the status webhook
(messaging/views.py) under the id returned here.

A hung connection to Twilio gives up after TIMEOUT_SECONDS and raises, like any other
failure, so the outbox keeps the text pending and tries again later; a worker is
never held longer than that.
"""

import re

from django.conf import settings
from django.urls import reverse
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

TIMEOUT_SECONDS = 10
# A Messaging Service SID (MG…) sends from the service's own pool of numbers.
MESSAGING_SERVICE_PREFIX = "MG"
# Twilio's error messages may quote the number ("The 'To' number +44… is not valid"):
# the outbox stores and logs the error, and neither may hold a phone number.
_PHONE_NUMBER = re.compile(r"\+?\d[\d ()-]{6,}\d")


class TwilioRefused(Exception):
    """Twilio answered with an error: its code and message, without any phone number in it."""

    def __init__(self, error: TwilioRestException):
        self.code, self.status = error.code, error.status
        message = _PHONE_NUMBER.sub("<number>", str(error.msg or ""))
        super().__init__(f"Twilio error {error.code} (HTTP {error.status}): {message}".strip())


def twilio_client() -> Client:
    client = Client(
        settings.TWILIO_ACCOUNT_SID,
        settings.TWILIO_AUTH_TOKEN,
        http_client=TwilioHttpClient(timeout=TIMEOUT_SECONDS),
    )
    if settings.TWILIO_API_BASE:
        # Only the tests set TWILIO_API_BASE, to reach a local stand-in for Twilio's
        # REST API (tests/messaging/twilio_stand_in.py); empty means Twilio's own.
        client.api.base_url = settings.TWILIO_API_BASE
    return client


class TextBackend:
    def send(self, text) -> str:
        sender = settings.TWILIO_FROM
        use_service = sender.startswith(MESSAGING_SERVICE_PREFIX)
        origin = {"messaging_service_sid": sender} if use_service else {"from_": sender}
        try:
            message = twilio_client().messages.create(
                to=text.to,
                body=text.body,
                status_callback=settings.BASE_URL.rstrip("/") + reverse("messaging:text_status"),
                **origin,
            )
        except TwilioRestException as error:
            raise TwilioRefused(error) from None
        return message.sid


__all__ = ["TIMEOUT_SECONDS", "TextBackend", "TwilioRefused", "twilio_client"]
