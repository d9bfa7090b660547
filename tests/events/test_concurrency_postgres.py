"""No overbooking with many requests at once from several app processes, on PostgreSQL.

Each worker is a separate OS process with its own database connection, as two
gunicorn processes would be. booking_create locks the session row, so however the
requests interleave, exactly the available places are confirmed.
"""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from events.models import Booking, Contact
from events.models.bookings import BookingStatus
from tests.events.booking_support import group_make, session_make

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROCESSES = 8
ROUNDS = 4
PLACES = 12


def test_exactly_the_available_places_are_confirmed_under_a_burst_from_several_processes():
    session = session_make(group_make(), places=PLACES)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gather.settings.test"}
    start_at = time.time() + 4
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.events.concurrency_worker",
                str(session.pk),
                str(ROUNDS),
                str(start_at),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    results = []
    for worker in workers:
        stdout, stderr = worker.communicate(timeout=180)
        assert worker.returncode == 0, stderr[-3000:]
        results.append(json.loads(stdout.strip().splitlines()[-1]))

    assert [error for result in results for error in result["errors"]] == []
    assert sum(result["confirmed"] for result in results) == PLACES
    assert sum(result["refused"].get("full", 0) for result in results) == PROCESSES * ROUNDS - PLACES
    live = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
    assert live.count() == PLACES
    assert sum(live.values_list("adults", flat=True)) == PLACES
    # A refused attempt leaves nothing behind.
    assert Contact.objects.count() == PLACES
    # More than one process got a place, so the requests really did run side by side.
    assert sum(1 for result in results if result["confirmed"]) > 1
