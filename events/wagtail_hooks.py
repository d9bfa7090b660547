from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from events.admin import family_data  # noqa: F401 (registers the family-data admin views)
from events.admin.dashboard import LeaderEmailsSettingsPanel, LeaderEmailsView, LeaderHomePanel
from events.admin.leaders import leaders_menu_item, leaders_urls
from events.admin.menu import BookingAdminGroup
from events.admin.permissions import booking_permission_policy, session_permission_policy, user_sees_reports
from events.admin.reports import attendance_summary_moved_urls
from events.admin.texts import TextLimitPanel
from events.admin.topics import TopicsNewPanel, topic_permission_policy
from events.admin.venues import VenueViewSet, venue_permission_policy
from events.models import Booking, Session, TopicSuggestion, Venue

# Registered before the viewsets, so Wagtail never falls back to model permissions:
# who sees sessions and bookings follows who may edit the group's page, and who
# edits a venue who may edit its area's page.
register_permission_policy(Session, session_permission_policy)
register_permission_policy(Booking, booking_permission_policy)
register_permission_policy(Venue, venue_permission_policy)
register_permission_policy(TopicSuggestion, topic_permission_policy)
register_snippet(VenueViewSet)


@hooks.register("register_admin_viewset")
def register_booking_admin():
    return BookingAdminGroup()


hooks.register("register_admin_urls", leaders_urls)
hooks.register("register_admin_urls", attendance_summary_moved_urls)
hooks.register("register_admin_menu_item", leaders_menu_item)


@hooks.register("construct_homepage_panels")
def add_text_limit_panel(request, panels):
    """Staff who see the reports learn on the home page when the daily text limit holds texts back."""
    if user_sees_reports(request.user):
        panels.append(TextLimitPanel())


@hooks.register("construct_homepage_panels")
def add_leader_home_panel(request, panels):
    """Whoever looks after some groups sees their next sessions and what changed, first."""
    if user_sees_reports(request.user):
        panels.append(LeaderHomePanel(request))


@hooks.register("construct_homepage_panels")
def add_topics_new_panel(request, panels):
    """Leaders see the ideas families sent for their groups, waiting for a decision."""
    if user_sees_reports(request.user):
        panels.append(TopicsNewPanel(request))


@hooks.register("register_admin_urls")
def register_leader_emails_url():
    return [path("booking-emails/", LeaderEmailsView.as_view(), name="events_leader_emails")]


@hooks.register("register_account_settings_panel")
def register_leader_emails_settings_panel(request, user, profile):
    return LeaderEmailsSettingsPanel(request, user, profile)


@hooks.register("register_log_actions")
def register_booking_log_actions(actions):
    actions.register_action("events.session_cancel", gettext_lazy("Cancel session"), gettext_lazy("Session cancelled"))
    actions.register_action("events.session_move", gettext_lazy("Move session"), gettext_lazy("Session moved"))
    actions.register_action(
        "events.session_notice", gettext_lazy("Message the families"), gettext_lazy("Message sent to the families")
    )
    actions.register_action(
        "events.register", pgettext_lazy("a session's register", "Register"), gettext_lazy("Register updated")
    )
    actions.register_action("events.leader_invite", gettext_lazy("Invite a leader"), gettext_lazy("Leader invited"))
    actions.register_action("events.leader_remove", gettext_lazy("Remove a leader"), gettext_lazy("Leader removed"))


@hooks.register("before_delete_page")
def keep_pages_with_bookings(request, page):
    """A group or workshop that families have booked keeps its history: unpublish it instead.

    Bookings protect their sessions, so deleting would fail; this says why, plainly.
    """
    if Booking.objects.filter(session__page__path__startswith=page.path).exists():
        messages.warning(
            request,
            _(
                "'%(title)s' cannot be deleted because families have booked its sessions, and the "
                "records are needed for the register and the funder report. Unpublish it instead."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
