"""One app process trying to book the same session many times, for test_concurrency_postgres.

Run as `python -m tests.events.concurrency_worker <session id> <rounds> <start at (epoch seconds)>`
with DATABASE_URL pointing at the test database. Prints one JSON line of what happened.

Every process makes its n-th attempt at the same moment (start + n * ROUND_SECONDS),
so each round is a burst of simultaneous requests for the same places.
"""

import json
import os
import sys
import time
import uuid

ROUND_SECONDS = 0.5


def main(session_id: int, rounds: int, start_at: float) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gather.settings.test")
    import django

    django.setup()
    from django.db import connection

    from events.models import Session
    from events.services.bookings import booking_create
    from events.services.places import BookingRefused

    connection.ensure_connection()
    session = Session.objects.get(pk=session_id)
    outcome = {"confirmed": 0, "refused": {}, "errors": []}
    for attempt in range(rounds):
        time.sleep(max(0.0, start_at + attempt * ROUND_SECONDS - time.time()))
        try:
            booking_create(
                session=session,
                first_name=f"Family {os.getpid()}-{attempt}",
                email=f"family-{os.getpid()}-{attempt}@example.org",
                adults=1,
                consent=True,
                request_key=uuid.uuid4(),
            )
        except BookingRefused as refusal:
            outcome["refused"][refusal.code] = outcome["refused"].get(refusal.code, 0) + 1
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on any
            outcome["errors"].append(f"{type(error).__name__}: {error}")
        else:
            outcome["confirmed"] += 1
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))))
