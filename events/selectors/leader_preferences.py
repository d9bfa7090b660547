"""Who hears of a group's bookings: its leaders and coordinators who asked to, and still may edit it."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import GroupPagePermission, Page

from events.models import LeaderPreferences

EDITING_CODENAMES = ["change_page", "publish_page"]


def leaders_to_email(*, page_id: int) -> QuerySet:
    """Active users who chose booking emails and may edit page `page_id` (one query).

    Editing a page is granted on it or on a page above it (an area, the whole site),
    as home.permissions.pages_editable_by counts it.
    """
    page_and_above = Page.objects.filter(Exists(Page.objects.filter(pk=page_id, path__startswith=OuterRef("path"))))
    editors = GroupPagePermission.objects.filter(
        permission__codename__in=EDITING_CODENAMES, page__in=page_and_above
    ).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, leader_preferences__emails_on_bookings=True)
        .filter(Q(is_superuser=True) | Q(groups__in=editors))
        .distinct()
        .order_by("pk")
    )


def leader_preferences_for(user) -> LeaderPreferences:
    """The user's choices, unsaved defaults if they never changed one."""
    return LeaderPreferences.objects.filter(user=user).first() or LeaderPreferences(user=user)


__all__ = ["leader_preferences_for", "leaders_to_email"]
