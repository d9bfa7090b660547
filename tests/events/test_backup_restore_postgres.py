"""A backup made as the README says (`pg_dump -Fc`) restores (`pg_restore`) into a fresh database whole.

Every row of every table comes back with the same values, pages, sessions, bookings
and the outbox among them, and the outbox sender run on the restored copy sends only
what had not been sent: no family gets an email twice because of a restore.
"""

import json
import os
import subprocess
import sys
import uuid
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql
from psycopg.rows import dict_row
from wagtail.models import Page

from events.models import Booking, Session
from events.services.bookings import booking_create
from messaging.models import MessageStatus, OutboundMessage
from tests.events.booking_support import group_make, session_make

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs the outbox sender in a process of its own on the restored copy, as the
# scheduler would after a restore, and prints who it emailed.
SENDER = """
import json, django
django.setup()
from django.core import mail
from django.core.management import call_command
for _ in range(2):
    call_command("send_pending_messages")
print(json.dumps(sorted(to for message in getattr(mail, "outbox", []) for to in message.to)))
"""


def _connect(database: str):
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
        row_factory=dict_row,
    )


def _client_env() -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "PGHOST": db["HOST"],
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"] or "",
    }


def every_row(database: str) -> dict[str, list[dict]]:
    """Each table's rows, in an order that does not depend on how they were stored."""
    with _connect(database) as db:
        tables = [row["tablename"] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: sorted(db.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table))).fetchall(), key=repr)
            for table in tables
        }


def populate():
    """Pages, sessions, families' bookings, and emails sent and emails waiting for a retry."""
    group = group_make("Peebles Toddler Group")
    sessions = [session_make(group, days=days) for days in (3, 10)]
    for number, session in enumerate(sessions):
        booking_create(session=session, first_name="Fiona", email=f"fiona{number}@example.org", consent=True)
    # The task queue is down while these two book: their emails stay pending until the sender runs.
    with mock.patch("messaging.services.send_message") as queue_down:
        queue_down.enqueue.side_effect = ConnectionError("the task queue is down")
        for number, session in enumerate(sessions):
            booking_create(
                session=session, first_name="Kirsty", email=f"kirsty{number}@example.org", children=2, consent=True
            )


@pytest.fixture
def restored_database():
    """The test database dumped with pg_dump -Fc and restored with pg_restore into a new database."""
    source = connection.settings_dict["NAME"]
    target = f"gather_restore_{uuid.uuid4().hex[:12]}"
    env = _client_env()
    with _connect("postgres") as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    try:
        dump = subprocess.run(["pg_dump", "-Fc", source], env=env, capture_output=True, check=True, timeout=60).stdout
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", target],
            input=dump,
            env=env,
            capture_output=True,
            check=True,
            timeout=60,
        )
        yield target
    finally:
        with _connect("postgres") as server:
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))


@pytest.fixture
def populated():
    populate()
    return {
        "pages": Page.objects.count(),
        "sessions": Session.objects.count(),
        "bookings": Booking.objects.count(),
        "sent": sorted(OutboundMessage.objects.filter(status=MessageStatus.SENT).values_list("pk", flat=True)),
        "pending": sorted(OutboundMessage.objects.filter(status=MessageStatus.PENDING).values_list("pk", flat=True)),
    }


def test_a_restored_backup_holds_every_row_as_it_was_and_sends_nothing_twice(populated, restored_database):
    assert populated["pages"] > 3 and populated["sessions"] == 2 and populated["bookings"] == 4
    assert len(populated["sent"]) == 2 and len(populated["pending"]) == 2

    original, restored = every_row(connection.settings_dict["NAME"]), every_row(restored_database)

    assert sorted(restored) == sorted(original)
    for table in ("wagtailcore_page", "events_grouppage", "events_session", "events_booking", "events_contact"):
        assert restored[table], table
    assert len(restored["messaging_outboundmessage"]) == 4
    differing = [table for table in original if restored[table] != original[table]]
    assert differing == []

    # The scheduler's outbox sender, run twice on the restored copy in a process of its own.
    env = {**_client_env(), "DJANGO_SETTINGS_MODULE": "gather.settings.test"}
    db = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{restored_database}"
    )
    sender = subprocess.run(
        [sys.executable, "-c", SENDER], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert sender.returncode == 0, sender.stderr[-3000:]
    assert json.loads(sender.stdout.strip().splitlines()[-1]) == ["kirsty0@example.org", "kirsty1@example.org"]
    outbox = {row["id"]: row for row in every_row(restored_database)["messaging_outboundmessage"]}
    already_sent = {row["id"]: row for row in restored["messaging_outboundmessage"] if row["id"] in populated["sent"]}
    assert {pk: outbox[pk] for pk in populated["sent"]} == already_sent
    assert {outbox[pk]["status"] for pk in populated["pending"]} == {MessageStatus.SENT}
