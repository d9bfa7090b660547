"""Keep sessions in step with schedules when a group or workshop is published, tell the families
who chose a workshop's topic once it can be booked, and give every new area and group its editing roles.

Signals rather than admin hooks, so that scheduled publishing, publishing from code,
copying a page and pages made by scripts behave as the admin does. The work is done by
services; nothing is decided here.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from events.services.sessions import page_sessions_sync
from events.services.topics import topic_workshop_families_tell
from home.localization import is_source_page
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure
from web.page_cache import version_bump

from .models import AreaPage, GroupPage, TopicSuggestion, TopicVote, WorkshopPage
from .selectors.topics import TOPICS_VERSION_KEY


def sessions_sync_on_publish(sender, instance, **kwargs):
    # A translation or alias carries a copy of the English page's schedules; only the
    # English page's make sessions (the service checks; home/localization.py).
    if isinstance(instance, GroupPage | WorkshopPage):
        page_sessions_sync(page=instance)


def topic_families_tell_on_publish(sender, instance, **kwargs):
    # After sessions_sync_on_publish (connected first), so the workshop's sessions exist.
    if isinstance(instance, WorkshopPage):
        topic_workshop_families_tell(workshop=instance)


def topics_changed(sender, **kwargs):
    """A topic or vote was saved or deleted: the pages' "What we're planning next" lists are stale."""
    version_bump(TOPICS_VERSION_KEY)


def roles_ensure_on_create(sender, instance, created, raw=False, **kwargs):
    """A new area gets its "Area coordinators" group, a new group its "Group leaders" one.

    Only for the English page: a translation or alias is given the same rights by
    home.permissions.twin_permissions_copy when Wagtail makes it.
    """
    if not created or raw or not is_source_page(instance):
        return
    if isinstance(instance, AreaPage):
        area_coordinator_role_ensure(instance)
    elif isinstance(instance, GroupPage):
        group_leader_role_ensure(instance)


def connect():
    for model in (AreaPage, GroupPage):
        post_save.connect(roles_ensure_on_create, sender=model, dispatch_uid=f"events.roles_ensure_{model.__name__}")
    page_published.connect(sessions_sync_on_publish, dispatch_uid="events.sessions_sync_on_publish")
    page_published.connect(topic_families_tell_on_publish, dispatch_uid="events.topic_families_tell_on_publish")
    for model in (TopicSuggestion, TopicVote):
        for signal in (post_save, post_delete):
            signal.connect(
                topics_changed, sender=model, dispatch_uid=f"events.topics_changed_{model.__name__}_{id(signal)}"
            )
