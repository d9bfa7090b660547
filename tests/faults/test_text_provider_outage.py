"""The text provider down: phone-only families still book, and their texts go once it is back.

A real gunicorn process in production settings, the private PostgreSQL, and a local
stand-in for Twilio (tests/messaging/twilio_stand_in.py) that is first failing and
then answering. What a family would notice: the booking page says "you are booked"
and the booking is kept; the confirmation text arrives later, once, and never twice.
"""

import time

from tests.messaging.twilio_stand_in import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, TwilioStandIn

from .conftest import base_env, seed_session
from .families import book, tally
from .servers import manage
from .test_booking_burst import RETRY_LATER

PLACES = 12


def mobile(number: int) -> str:
    # Ofcom's range for drama and tests: never a real person's phone.
    return f"+44770090{number:04d}"


def test_bookings_stand_while_the_text_provider_is_down_and_each_text_goes_once_it_is_back(postgres, app_servers):
    stand_in = TwilioStandIn(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN).start()
    try:
        env = base_env(
            DATABASE_URL=postgres.url,
            TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            TWILIO_FROM=FROM_NUMBER,
            TWILIO_API_BASE=stand_in.url,
        )
        session = seed_session(env, places=PLACES)
        (server,) = app_servers(env)
        stand_in.down()
        numbers = range(4000, 4005)
        phones = {mobile(number) for number in numbers}
        started = time.monotonic()
        attempts = [
            book(
                server.url,
                session["session_id"],
                number,
                typed={"email": "", "phone": mobile(number), "texts": "on"},
            )
            for number in numbers
        ]
        booking_seconds = time.monotonic() - started

        assert tally(attempts) == {"booked": 5}, [attempt.detail for attempt in attempts]
        booked = postgres.query(
            "SELECT c.phone FROM events_booking b JOIN events_contact c ON c.id = b.contact_id "
            "WHERE b.session_id = %s AND b.status = 'confirmed' AND c.phone = ANY(%s)",
            [session["session_id"], list(phones)],
        )
        assert {phone for (phone,) in booked} == phones
        # Each text was tried once, failed, and waits in the outbox with the reason.
        waiting = postgres.query(
            "SELECT m.attempts, m.last_error FROM messaging_outboundmessage m "
            "JOIN events_contact c ON c.id = m.recipient_id "
            "WHERE m.channel = 'text' AND m.status = 'pending' AND c.phone = ANY(%s)",
            [list(phones)],
        )
        assert len(waiting) == 5
        assert all(attempts == 1 and last_error for attempts, last_error in waiting)
        assert stand_in.received() == []
        # A provider answering 503 is not a slow booking: five bookings took seconds, not minutes.
        assert booking_seconds < 60

        stand_in.up()
        manage(env, "shell", "-c", RETRY_LATER)
        sent_to = [text.form["To"] for text in stand_in.received() if text.form["To"] in phones]
        assert sorted(sent_to) == sorted(phones)
        assert all("you are booked" in text.form["Body"] for text in stand_in.received())
        statuses = postgres.query(
            "SELECT m.status, m.provider_id <> '' FROM messaging_outboundmessage m "
            "JOIN events_contact c ON c.id = m.recipient_id WHERE m.channel = 'text' AND c.phone = ANY(%s)",
            [list(phones)],
        )
        assert statuses == [("sent", True)] * 5

        # Running the retry job again sends nothing twice.
        manage(env, "shell", "-c", RETRY_LATER)
        assert len([text for text in stand_in.received() if text.form["To"] in phones]) == 5
    finally:
        stand_in.stop()
