"""One app process asking for the same one-to-one time, for test_concurrency_postgres.

Run as `python -m tests.support.concurrency_worker <slot id> <start at (epoch seconds)>` with
DATABASE_URL pointing at the test database. Prints one JSON line of what happened.
"""

import json
import os
import sys
import time
import uuid


def main(slot_id: int, start_at: float) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gather.settings.test")
    import django

    django.setup()
    from django.db import connection

    from support.models import SupportSlot
    from support.services import SlotNotFree, support_request_create

    connection.ensure_connection()
    slot = SupportSlot.objects.get(pk=slot_id)
    outcome = {"asked": 0, "not_free": 0, "messages": [], "errors": []}
    time.sleep(max(0.0, start_at - time.time()))
    try:
        support_request_create(
            slot=slot,
            first_name=f"Family {os.getpid()}",
            email=f"family-{os.getpid()}@example.org",
            phone="",
            texts_agreed=False,
            language="en",
            about="",
            request_key=uuid.uuid4(),
        )
    except SlotNotFree as refusal:
        outcome["not_free"] += 1
        outcome["messages"].extend(refusal.messages)
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on any
        outcome["errors"].append(f"{type(error).__name__}: {error}")
    else:
        outcome["asked"] += 1
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), float(sys.argv[2]))))
