"""The booking domain's periodic commands, watched so that none can silently stop (home/scheduled_jobs.py)."""

from django.utils.translation import gettext_lazy

from home.scheduled_jobs import DAILY, scheduled_job_register

SYNC_SESSIONS = "sync_sessions"
SEND_REMINDERS = "send_reminders"
PURGE_PERSONAL_DATA = "purge_personal_data"
SEND_CHECK_IN_INVITATIONS = "send_check_in_invitations"


def scheduled_jobs_register() -> None:
    scheduled_job_register(
        SYNC_SESSIONS,
        every=DAILY,
        # Translators: a warning to staff on the admin's home page; %(since)s is a date and time.
        # The daily job that creates dated sessions from the groups' schedules has not run.
        late_message=gettext_lazy("Sessions not rolled forward since %(since)s"),
    )
    scheduled_job_register(
        SEND_REMINDERS,
        every=DAILY,
        # Translators: a warning to staff; %(since)s is a date and time. The daily job that
        # reminds families of tomorrow's sessions has not run.
        late_message=gettext_lazy("Reminders not sent since %(since)s"),
    )
    scheduled_job_register(
        PURGE_PERSONAL_DATA,
        every=DAILY,
        # Translators: a warning to staff; %(since)s is a date and time. The daily job that
        # removes the details of families whose last session was long ago has not run.
        late_message=gettext_lazy("Personal data not purged since %(since)s"),
    )
    scheduled_job_register(
        SEND_CHECK_IN_INVITATIONS,
        every=DAILY,
        # Translators: a warning to staff; %(since)s is a date and time. The daily job that
        # invites families to the anonymous check-in has not run.
        late_message=gettext_lazy("Check-in invitations not sent since %(since)s"),
    )
