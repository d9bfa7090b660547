"""Queue emails about sessions. Replaced by the notifications in events/tasks.py."""


def notify_session_cancelled(*, session_id):
    from .tasks import send_session_changed_emails

    send_session_changed_emails.enqueue(session_id=session_id)
