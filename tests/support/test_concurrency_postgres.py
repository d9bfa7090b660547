"""Families asking for the same one-to-one time at the same moment, from several app processes, on PostgreSQL.

The slot row is locked before anything decides whether it is free, so exactly one
request holds the time and every other family gets the plain message.
"""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from support.models import SupportRequest
from tests.security.site import _user, site_build
from tests.support.conftest import slot_add

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROCESSES = 6


def test_one_family_gets_the_time_and_the_others_the_plain_message():
    site = site_build()
    slot = slot_add(site.croydon, _user("worker"))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gather.settings.test"}
    start_at = time.time() + 4
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.concurrency_worker", str(slot.pk), str(start_at)],
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
    assert sum(result["asked"] for result in results) == 1
    assert sum(result["not_free"] for result in results) == PROCESSES - 1
    assert {message for result in results for message in result["messages"]} == {
        "Sorry, this time is no longer free. Please choose another time."
    }
    assert SupportRequest.objects.filter(slot=slot).count() == 1
