"""One-to-one support's daily command, watched so that it cannot silently stop (home/scheduled_jobs.py)."""

from django.utils.translation import gettext_lazy

from home.scheduled_jobs import DAILY, scheduled_job_register

SEND_SUPPORT_REMINDERS = "send_support_reminders"


def scheduled_jobs_register() -> None:
    scheduled_job_register(
        SEND_SUPPORT_REMINDERS,
        every=DAILY,
        # Translators: a warning to staff; %(since)s is a date and time. The daily job that
        # reminds families of tomorrow's one-to-one sessions has not run.
        late_message=gettext_lazy("One-to-one reminders not sent since %(since)s"),
    )
