"""Who sees sessions and bookings in the admin: whoever may edit the group's page.

The one rule for "the pages this user may edit" is home.permissions.pages_editable_by.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.base import BasePermissionPolicy

from events.models import Booking, Session
from home.permissions import pages_editable_by


class GroupPagesPermissionPolicy(BasePermissionPolicy):
    """Sessions or bookings of the group and workshop pages a user may edit.

    Only the listed actions exist at all: bookings are made by families and changed
    through services, never added or deleted in the admin.
    """

    def __init__(self, model, *, page_lookup: str, actions: set[str]):
        super().__init__(model)
        self.page_lookup = page_lookup
        self.actions = actions

    def _sees_some_pages(self, user) -> bool:
        cached = getattr(user, "_gather_sees_group_pages", None)
        if cached is None:
            cached = user.is_superuser or pages_editable_by(user).exists()
            user._gather_sees_group_pages = cached
        return cached

    def user_has_permission(self, user, action):
        if action not in self.actions or not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or (user.has_perm("wagtailadmin.access_admin") and self._sees_some_pages(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not set(actions) & self.actions:
            return get_user_model().objects.none()
        editors = GroupPagePermission.objects.filter(permission__codename__in=["change_page", "publish_page"]).values(
            "group"
        )
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__in=editors))
            .distinct()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(**{f"{self.page_lookup}__in": pages_editable_by(user)})

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


session_permission_policy = GroupPagesPermissionPolicy(Session, page_lookup="page", actions={"view", "change", "add"})
booking_permission_policy = GroupPagesPermissionPolicy(Booking, page_lookup="session__page", actions={"view", "change"})


def user_sees_reports(user) -> bool:
    """Who sees the staff reports (funder report, check-ins, texts): whoever may see sessions at all.

    What a report lists is still limited to the user's own groups.
    """
    return session_permission_policy.user_has_permission(user, "view")
