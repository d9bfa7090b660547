"""The outbox's periodic command, watched so that it cannot silently stop (home/scheduled_jobs.py)."""

import datetime as dt

from django.utils.translation import gettext_lazy

from home.scheduled_jobs import scheduled_job_register

SEND_PENDING_MESSAGES = "send_pending_messages"
# Run every few minutes; half an hour without a run means emails and texts are stuck.
EVERY = dt.timedelta(minutes=5)
LATE_AFTER = dt.timedelta(minutes=30)


def scheduled_jobs_register() -> None:
    scheduled_job_register(
        SEND_PENDING_MESSAGES,
        every=EVERY,
        late_after=LATE_AFTER,
        # Translators: a warning to staff; %(since)s is a date and time. The job that retries
        # emails and texts that could not be sent, and sends texts held for the morning, has not run.
        late_message=gettext_lazy("Waiting emails and texts not sent since %(since)s"),
    )
