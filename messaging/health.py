"""The outbox at /health/: are emails and texts going out? (home/health.py)"""

import datetime as dt

from django.utils import timezone

from home.health import HealthReport, seconds_since

from .selectors import outbox_backlog

# A message is sent within moments of the change it tells of, and a refused one is tried
# again every few minutes (send_pending_messages); one due for this long is stuck.
DUE_TOO_LONG = dt.timedelta(minutes=30)


def outbox_health() -> HealthReport:
    now = timezone.now()
    backlog = outbox_backlog(now)
    oldest_due_seconds = seconds_since(backlog.oldest_due_at, now)
    return HealthReport(
        ok=oldest_due_seconds is None or oldest_due_seconds <= DUE_TOO_LONG.total_seconds(),
        figures={
            "waiting": backlog.waiting,
            "due": backlog.due,
            "oldest_waiting_seconds": seconds_since(backlog.oldest_waiting_at, now),
            "oldest_due_seconds": oldest_due_seconds,
        },
    )
