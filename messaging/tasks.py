"""Background work of the outbox, run by `manage.py db_worker` in production.

Retries are not a task: the platform's scheduler runs `manage.py send_pending_emails`.
"""

from django.tasks import task

from .sending import message_send


@task()
def send_message(*, message_id: int) -> str:
    """Send one message from the outbox; a failure leaves it pending for a retry."""
    return message_send(message_id=message_id)
