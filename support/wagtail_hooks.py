"""How support plugs into the admin and into events, which never imports it.

events calls these hooks (events/services/privacy.py, events/admin/family_data.py,
events/selectors/funders.py and the funder report), so the booking domain stays below
one-to-one support in the layers.
"""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from support import privacy_hooks
from support.admin.dashboard import SupportWaitingPanel
from support.admin.roles import SupportRoleViewSet, support_role_permission_policy
from support.admin.views import SupportWorkViewSet
from support.models import SupportRole
from support.selectors import support_role_holder

register_permission_policy(SupportRole, support_role_permission_policy)


@hooks.register("register_admin_viewset")
def register_support_roles():
    return SupportRoleViewSet("support_roles")


@hooks.register("register_admin_viewset")
def register_support_work():
    return SupportWorkViewSet()


def role_holder_cheaply(user) -> bool:
    """Whether `user` holds a role: the permission that comes with one first (no query), then the roles.

    Superusers have every permission, so for them the roles are read.
    """
    if not (user.is_authenticated and user.is_active) or not user.has_perm("support.work_one_to_one"):
        return False
    return support_role_holder(user)


@hooks.register("construct_homepage_panels")
def add_support_waiting_panel(request, panels):
    if role_holder_cheaply(request.user):
        panels.append(SupportWaitingPanel(request))


hooks.register("contact_privacy_export", privacy_hooks.contact_privacy_export)
hooks.register("contact_privacy_field_names", privacy_hooks.contact_privacy_field_names)
hooks.register("contact_privacy_erase", privacy_hooks.contact_privacy_erase)
hooks.register("personal_data_purge", privacy_hooks.personal_data_purge)
hooks.register("family_data_sections", privacy_hooks.family_data_sections)
hooks.register("family_data_visible", privacy_hooks.family_data_visible)
hooks.register("funder_report_extra_rows", privacy_hooks.funder_report_extra_rows)
