"""A leader's home page in the admin: their next sessions, recent changes, messages that failed,
and the choice to be emailed when a family books or cancels on their groups.

Volunteer leaders mostly open the admin on a phone to take a register or see who is
coming; this puts that first. Staff who edit the whole site see short lists and a link
to the full ones.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.admin.base import StaffReportMixin
from events.admin.permissions import user_sees_reports
from events.selectors.dashboard import dashboard_changes, dashboard_gone_wrong, dashboard_sessions
from events.selectors.leader_preferences import leader_preferences_for
from events.services.leader_preferences import leader_preferences_set
from home.permissions import user_edits_whole_site

# How many rows each list shows: a leader's week; a short look for staff who see every group.
LEADER_LIMITS = {"sessions": 8, "changes": 10, "gone_wrong": 8}
WHOLE_SITE_LIMITS = {"sessions": 5, "changes": 5, "gone_wrong": 5}


class LeaderHomePanel(Component):
    """Next sessions, recent changes and failed messages for the groups the user may edit."""

    template_name = "events/admin/leader_home_panel.html"
    order = 30

    def __init__(self, request):
        self.request = request

    @cached_property
    def whole_site(self) -> bool:
        return user_edits_whole_site(self.request.user)

    def get_context_data(self, parent_context=None):
        user, now = self.request.user, timezone.now()
        limits = WHOLE_SITE_LIMITS if self.whole_site else LEADER_LIMITS
        return {
            "whole_site": self.whole_site,
            "sessions": dashboard_sessions(user=user, now=now, limit=limits["sessions"]),
            "changes": dashboard_changes(user=user, now=now, limit=limits["changes"]),
            "gone_wrong": dashboard_gone_wrong(user=user, now=now, limit=limits["gone_wrong"]),
            "emails_on": leader_preferences_for(user).emails_on_bookings,
        }


class LeaderEmailsForm(forms.Form):
    emails_on_bookings = forms.BooleanField(
        required=False,
        label=gettext_lazy("Email me when someone books or cancels on my groups"),
        help_text=gettext_lazy(
            "One short email each time a family books, cancels, joins the waiting list or is given a place. "
            "It says the session, their first name and how many are coming, never how to reach them."
        ),
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        # `instance` is how Wagtail's account page hands over the user.
        self.user = user or instance
        kwargs.setdefault("initial", {"emails_on_bookings": leader_preferences_for(self.user).emails_on_bookings})
        super().__init__(*args, **kwargs)

    def save(self):
        return leader_preferences_set(user=self.user, emails_on_bookings=self.cleaned_data["emails_on_bookings"])


class LeaderEmailsView(StaffReportMixin, WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Booking emails")
    header_icon = "mail"
    template_name = "events/admin/leader_emails_form.html"
    form_class = LeaderEmailsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        preferences = form.save()
        if preferences.emails_on_bookings:
            messages.success(self.request, _("You will get an email when someone books or cancels on your groups."))
        else:
            messages.success(self.request, _("You will no longer get booking emails."))
        return redirect(reverse("wagtailadmin_home"))


class LeaderEmailsSettingsPanel(BaseSettingsPanel):
    """The same choice on the admin's account page, under Notifications."""

    name = "leader_emails"
    title = gettext_lazy("Booking emails")
    tab = notifications_tab
    order = 150
    form_class = LeaderEmailsForm
    form_object = "user"

    def is_active(self):
        return user_sees_reports(self.user)


__all__ = ["LeaderEmailsForm", "LeaderEmailsSettingsPanel", "LeaderEmailsView", "LeaderHomePanel"]
