"""Background work: emails, reminders and rolling schedules forward.

Run immediately in development and tests, and by `manage.py db_worker` in production.
Periodic jobs are started by cron or a systemd timer through the management commands
of the same names (send_pending_emails, send_reminders, sync_sessions).
"""

import datetime as dt

from django.tasks import task


@task()
def send_email(*, email_id: int) -> str:
    """Send one email from the outbox; a failure leaves it pending for a retry."""
    from .emails import outbound_email_send  # noqa: PLC0415 (keep task import cheap for the worker)

    return outbound_email_send(email_id=email_id)


@task()
def send_pending_emails() -> dict:
    """Retry every outbox email whose next try is due."""
    from .emails import pending_emails_send  # noqa: PLC0415

    return pending_emails_send()


@task()
def send_reminders(*, day: str | None = None) -> int:
    """Queue a reminder for every booking in a session on `day` (ISO date; default tomorrow)."""
    from .services_notify import reminder_emails_queue  # noqa: PLC0415

    return reminder_emails_queue(day=dt.date.fromisoformat(day) if day else None)


@task()
def sync_all_sessions() -> dict:
    """Roll every published schedule forward to the horizon."""
    from events.services.sessions import all_sessions_sync  # noqa: PLC0415

    return all_sessions_sync()
