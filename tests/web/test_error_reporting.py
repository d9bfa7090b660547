"""Server errors reach Sentry (a local stand-in, never the real service) or the admins' inbox
with where the code failed, and without the family's email, phone, secret link or cookies."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connection

from tests.web.failing_urls import FAMILY_EMAIL, FAMILY_PHONE
from tests.web.sentry_stand_in import SentryStandIn
from web.error_reporting import scrub_text

BASE_DIR = Path(__file__).resolve().parents[2]
TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"
SESSION = "s3ss10nvalu3thatmustn0tleak"
# Every form of the family's details that must not leave the server.
PRIVATE = [TOKEN, SESSION, FAMILY_EMAIL, FAMILY_PHONE, "07700900111", "+44 7700 900111", "Amina"]
FORM = {"first_name": "Amina", "email": FAMILY_EMAIL, "phone": "+44 7700 900111"}

# Runs in a process of its own, so that Sentry's hooks into Django never reach other tests,
# and through the WSGI application as gunicorn calls it, where Sentry reads the request.
SENTRY_SCRIPT = textwrap.dedent(f"""
    from io import BytesIO
    from urllib.parse import urlencode
    from wsgiref.util import setup_testing_defaults

    import sentry_sdk
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    body = urlencode({FORM!r}).encode()
    environ = {{
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/booking/{TOKEN}/",
        "QUERY_STRING": "next=/booking/{TOKEN}/",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": BytesIO(body),
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": "sessionid={SESSION}",
        "HTTP_REFERER": "http://127.0.0.1/booking/{TOKEN}/",
        "HTTP_X_FORWARDED_FOR": "203.0.113.9",
        "REMOTE_ADDR": "203.0.113.10",
    }}
    setup_testing_defaults(environ)
    application = get_wsgi_application()
    statuses = []
    with override_settings(ROOT_URLCONF="tests.web.failing_urls"):
        b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses[0].startswith("500"), statuses
    sentry_sdk.flush(timeout=10)
""")


def test_the_event_sentry_receives_says_where_it_failed_and_holds_no_family_details():
    with SentryStandIn() as sentry:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gather.settings.test",
            "SENTRY_DSN": sentry.dsn,
            "SQLITE_PATH": ":memory:",
            "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1",
        }
        run = subprocess.run(
            [sys.executable, "-c", SENTRY_SCRIPT],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr

    received = b"\n".join(sentry.envelopes).decode()
    assert '"type":"event"' in received.replace(" ", "")
    assert "ValueError" in received and "failing_booking_view" in received
    assert "/booking/AbCd" in received
    for private in [*PRIVATE, "203.0.113.9", "203.0.113.10"]:
        assert private not in received


@pytest.fixture
def failing_site(settings, client):
    settings.ROOT_URLCONF = "tests.web.failing_urls"
    settings.ADMINS = ["Ops <ops@example.org>"]
    client.raise_request_exception = False
    client.cookies["sessionid"] = SESSION
    return client


def test_admins_are_mailed_the_error_without_the_family_details(failing_site):
    response = failing_site.post(
        f"/booking/{TOKEN}/?next=/booking/{TOKEN}/&q=Amina",
        FORM,
        headers={"referer": f"http://testserver/booking/{TOKEN}/"},
    )

    assert response.status_code == 500
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["Ops <ops@example.org>"]
    report = sent.subject + "\n" + sent.body
    assert "ValueError" in report and "failing_booking_view" in report
    assert "/booking/AbCd…" in report
    for private in PRIVATE:
        assert private not in report
    assert not sent.alternatives


def test_the_report_hides_settings_that_hold_passwords(failing_site, settings):
    settings.DATABASE_URL = "postgres://gather:hunter2-database-password@db.internal/gather"

    failing_site.post(f"/booking/{TOKEN}/")

    assert "hunter2-database-password" not in mail.outbox[0].body


@pytest.mark.django_db
def test_a_bot_naming_another_host_mails_nobody(client, settings):
    settings.ADMINS = ["Ops <ops@example.org>"]

    response = client.get("/", headers={"host": "probe.invalid"})

    assert response.status_code == 400
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_monitor_polling_health_while_the_database_is_down_mails_nobody(client, settings):
    settings.ADMINS = ["Ops <ops@example.org>"]
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed the connection")):
        response = client.get("/health/")

    assert response.status_code == 503
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Call amina.rahman@example.org on 07700 900111", "Call [email] on [phone]"),
        ("+44 7700 900111 and 07700-900-111", "[phone] and [phone]"),
        ("Polish number +48 512 345 678", "Polish number [phone]"),
        (f"GET /ar/calendar/personal/{TOKEN}.ics", "GET /ar/calendar/personal/AbCd….ics"),
        (f"next=%2Fcheck-in%2F{TOKEN}%2F", "next=%2Fcheck-in%2FAbCd…%2F"),
        (f"Booking {TOKEN} not found", "Booking AbCd… not found"),
        ("Check-in k3uQ-Zx_pLm9aB2cD4eF5g used", "Check-in k3uQ… used"),
        ("Session on 2026-11-27 19:30:00, booking 123456", "Session on 2026-11-27 19:30:00, booking 123456"),
        (
            "in ScrubbedExceptionReporterFilter.get_traceback_frame_variables",
            "in ScrubbedExceptionReporterFilter.get_traceback_frame_variables",
        ),
    ],
)
def test_scrubbing_keeps_what_helps_find_a_bug(text, kept):
    assert scrub_text(text) == kept
