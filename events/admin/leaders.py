"""Staff views to invite a group's leaders and take them off it, without a developer.

Area coordinators look after the leaders of their area's groups, staff and
superusers those of every group (events/selectors/leaders.py); leaders do not see
these views. Removing someone asks first, on a page of its own, so it works without
JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.selectors.leaders import group_leaders, groups_led_under, groups_with_areas
from events.services.leaders import leader_invite, leader_remove
from home.permissions import GROUP_LEADERS_PREFIX

GROUPS_PER_PAGE = 20


def user_looks_after_leaders(user) -> bool:
    """Whether to offer these views at all (no query: the model permissions are loaded once a request).

    Staff and area coordinators may add venues; group leaders may not. Each view
    still checks the groups themselves.
    """
    return user.is_active and (user.is_superuser or user.has_perm("events.add_venue"))


class LeadersMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not user_looks_after_leaders(request.user) or not self.groups.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def groups(self):
        return groups_led_under(self.request.user)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_leaders:index"), "label": _("Group leaders")},
            {"url": "", "label": self.page_title},
        ]


class LeadersIndexView(LeadersMixin, TemplateView):
    page_title = gettext_lazy("Group leaders")
    template_name = "events/admin/leaders_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        page = Paginator(self.groups, GROUPS_PER_PAGE).get_page(self.request.GET.get("p"))
        groups = groups_with_areas(page.object_list)
        leaders = group_leaders([group for group, _area in groups])
        rows = [{"group": group, "area": area, "leaders": leaders[group.pk]} for group, area in groups]
        return super().get_context_data(rows=rows, page_obj=page, **kwargs)


class LeaderInviteForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("We email them a link to choose a password. It works for a few days, once."),
    )
    group = forms.TypedChoiceField(label=gettext_lazy("Group"), coerce=int)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.pk: group for group, _area in groups}
        by_area: dict[str, list] = {}
        for group, area in groups:
            by_area.setdefault(area, []).append((group.pk, group.title))
        self.fields["group"].choices = [("", "---------"), *by_area.items()]

    def clean_group(self):
        return self.groups[self.cleaned_data["group"]]


class LeaderInviteView(LeadersMixin, FormView):
    page_title = gettext_lazy("Invite a leader")
    template_name = "events/admin/leader_invite.html"
    form_class = LeaderInviteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "groups": groups_with_areas(self.groups)}

    def get_initial(self):
        return {"group": self.request.GET.get("group", "")}

    def form_valid(self, form):
        group = form.cleaned_data["group"]
        try:
            leader_invite(
                by=self.request.user,
                group_page=group,
                first_name=form.cleaned_data["first_name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(email)s is now a leader of %(group)s. We have emailed them a link to choose a password.")
            % {"email": form.cleaned_data["email"], "group": group.title},
        )
        return redirect("events_leaders:index")


class LeaderRemoveView(LeadersMixin, TemplateView):
    page_title = gettext_lazy("Remove a leader")
    template_name = "events/admin/leader_remove.html"

    @cached_property
    def group(self):
        group = self.groups.filter(pk=self.kwargs["group_id"]).first()
        if group is None:
            raise Http404("No group of yours has this number")
        return group

    @cached_property
    def leader(self):
        leader = (
            get_user_model()
            .objects.filter(
                pk=self.kwargs["user_id"],
                groups__name__startswith=GROUP_LEADERS_PREFIX,
                groups__page_permissions__page=self.group,
            )
            .first()
        )
        if leader is None:
            raise Http404("This person is not a leader of this group")
        return leader

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, leader=self.leader, **kwargs)

    def post(self, request, *args, **kwargs):
        leader_remove(by=request.user, group_page=self.group, user=self.leader)
        messages.success(
            request,
            _("%(email)s is no longer a leader of %(group)s.")
            % {"email": self.leader.email, "group": self.group.title},
        )
        return redirect("events_leaders:index")


class LeadersMenuItem(MenuItem):
    def is_shown(self, request):
        return user_looks_after_leaders(request.user)


def leaders_urls():
    urlpatterns = [
        path("", LeadersIndexView.as_view(), name="index"),
        path("invite/", LeaderInviteView.as_view(), name="invite"),
        path("<int:group_id>/<int:user_id>/remove/", LeaderRemoveView.as_view(), name="remove"),
    ]
    return [path("leaders/", (urlpatterns, "events_leaders", "events_leaders"))]


def leaders_menu_item():
    return LeadersMenuItem(gettext_lazy("Group leaders"), reverse("events_leaders:index"), icon_name="group", order=260)
