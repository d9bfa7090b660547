"""Whole-site staff say who works one-to-one sessions, and who is each programme's safeguarding lead.

Managing the roles shows no request: being staff is not having a role
(support.selectors.support_requests_for).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from events.admin.base import ServiceFormMixin
from events.models import AreaPage
from home.permissions import user_edits_whole_site
from support.models import SupportRole
from support.services import support_role_add, support_role_remove


def user_manages_support_roles(user) -> bool:
    """Whole-site staff. The staff-only permission first, so that other users cost no query."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (user.is_superuser or user.has_perm("home.change_sitesettings")) and user_edits_whole_site(user)


class SupportRolePermissionPolicy(BasePermissionPolicy):
    actions = {"view", "add", "delete"}

    def user_has_permission(self, user, action):
        return action in self.actions and user_manages_support_roles(user)

    def users_with_any_permission(self, actions):
        if not set(actions) & self.actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


support_role_permission_policy = SupportRolePermissionPolicy(SupportRole)


class SupportRoleForm(WagtailAdminModelForm):
    class Meta:
        model = SupportRole
        fields = ["area", "user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Roles name the programme's page in the site's language; its translations follow it.
        self.fields["area"].queryset = AreaPage.objects.filter(locale=Locale.get_default()).order_by("title")
        self.fields["area"].label = gettext_lazy("Programme (area)")
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["role"].widget = forms.RadioSelect(choices=SupportRole.Kind.choices)


class SupportRoleCreateView(ServiceFormMixin, CreateView):
    # Wagtail's generic form shows the service's refusal in this banner, under these words.
    error_message = gettext_lazy("The role could not be added.")

    def save_instance(self):
        data = self.form.cleaned_data
        return support_role_add(area=data["area"], user=data["user"], role=data["role"])

    def get_success_buttons(self):
        # A role is added or removed, never edited (its group membership follows it).
        return []


class SupportRoleDeleteView(DeleteView):
    def delete_action(self):
        support_role_remove(role=self.object)


class SupportRoleIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("area", "user")


class SupportRoleViewSet(ModelViewSet):
    model = SupportRole
    icon = "user"
    menu_label = gettext_lazy("One-to-one roles")
    menu_order = 275
    add_to_admin_menu = True
    url_prefix = "one-to-one-roles"
    url_namespace = "support_roles"
    form_fields = ["area", "user", "role"]
    list_display = ["user", "area", "role"]
    list_filter = ["role", "area"]
    index_view_class = SupportRoleIndexView
    add_view_class = SupportRoleCreateView
    delete_view_class = SupportRoleDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False

    def get_form_class(self, for_update=False):
        return SupportRoleForm

    @property
    def permission_policy(self):
        return support_role_permission_policy

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()
