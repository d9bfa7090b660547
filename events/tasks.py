"""Background work: emails and reminders. Run immediately in development and by
`manage.py db_worker` in production."""

from django.tasks import task


@task()
def send_session_changed_emails(*, session_id):
    """Tell booked and waiting families that a session was cancelled or moved."""
    # Filled in by the notifications work.
    return session_id
