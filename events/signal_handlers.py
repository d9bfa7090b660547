"""Keep sessions in step with schedules when a group or workshop is published.

A signal rather than an admin hook, so that scheduled publishing and publishing from
code sync too. The work is done by the service; nothing is decided here.
"""

from wagtail.signals import page_published

from events.services.sessions import page_sessions_sync

from .models import GroupPage, WorkshopPage


def sessions_sync_on_publish(sender, instance, **kwargs):
    # A translation or alias carries a copy of the English page's schedules; only the
    # English page's make sessions (the service checks; home/localization.py).
    if isinstance(instance, GroupPage | WorkshopPage):
        page_sessions_sync(page=instance)


def connect():
    page_published.connect(sessions_sync_on_publish, dispatch_uid="events.sessions_sync_on_publish")
