"""Staff views of sessions: the listing, and cancelling, moving, adding a session and messaging its families."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from events.admin.base import (
    GroupFiltersMixin,
    ServiceCreateView,
    ServiceFormMixin,
    SessionObjectMixin,
    TitleWithButtonsColumn,
    group_pages_for,
    session_can_be_messaged,
)
from events.admin.forms import (
    SessionAddForm,
    SessionCancelForm,
    SessionMoveForm,
    SessionNoticeForm,
)
from events.admin.paper_register import SessionRegisterPaperView, SessionRegisterPrintView
from events.admin.permissions import session_permission_policy
from events.admin.register import SessionRegisterView
from events.models import Session
from events.models.schedules import SessionStatus
from events.selectors.notices import session_notice_reach
from events.selectors.staff import sessions_for_staff
from events.services.notices import session_notice_send
from events.services.sessions import session_add, session_cancel, session_move


class SessionFilterSet(GroupFiltersMixin, WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label=gettext_lazy("When"),
        choices=[("upcoming", gettext_lazy("Coming up")), ("past", gettext_lazy("Past"))],
        method="filter_when",
        empty_label=gettext_lazy("Any time"),
    )
    start = django_filters.DateFromToRangeFilter(label=gettext_lazy("Date"), widget=DateRangePickerWidget)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=SessionStatus.choices)

    class Meta:
        model = Session
        fields = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(end__gte=now) if value == "upcoming" else queryset.filter(end__lt=now)


class SessionIndexView(IndexView):
    """Sessions coming up (by default), with places left and waiting-list length."""

    page_title = gettext_lazy("Sessions")
    add_item_label = gettext_lazy("Add a session")

    def get_base_queryset(self):
        queryset = sessions_for_staff(user=self.request.user)
        chosen = self.request.GET
        if "when" not in chosen and not (chosen.get("start_from") or chosen.get("start_to")):
            # Coming up is what staff need nearly every time; "Any time" shows the rest.
            queryset = queryset.filter(end__gte=timezone.now())
        return queryset

    @cached_property
    def columns(self):
        return [
            TitleWithButtonsColumn(
                "session",
                label=_("Session"),
                accessor=str,
                get_url=self.get_edit_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("venue", label=_("Venue"), accessor="venue.name"),
            Column("adult_places_left", label=_("Places left")),
            Column("creche_places_left", label=_("Creche places left")),
            # Translators: column heading: how many families are on the waiting list.
            Column("waiting_count", label=_("Waiting")),
            StatusTagColumn("get_status_display", label=_("Status"), sort_key="status"),
        ]

    def get_edit_url(self, instance):
        return reverse("events_session:register", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = [
            ListingButton(
                pgettext("a session's register", "Register"),
                reverse("events_session:register", args=[instance.pk]),
                priority=10,
            )
        ]
        if instance.status != SessionStatus.CANCELLED and instance.start > timezone.now():
            buttons.append(
                ListingButton(
                    pgettext("a session", "Move"), reverse("events_session:move", args=[instance.pk]), priority=20
                )
            )
            buttons.append(
                ListingButton(
                    pgettext("a session", "Cancel"), reverse("events_session:cancel", args=[instance.pk]), priority=30
                )
            )
        if session_can_be_messaged(instance):
            buttons.append(
                ListingButton(
                    _("Message the families"), reverse("events_session:notice", args=[instance.pk]), priority=40
                )
            )
        return buttons


class SessionFormView(ServiceFormMixin, SessionObjectMixin, EditView):
    """A change to one session: the form is a plain form, and `save_instance()` calls the service."""

    template_name = "events/admin/session_form.html"
    intro = ""

    def get_object(self, queryset=None):
        # The same lookup as the register, so a session the user may not manage is not found here either.
        return self.session

    def get_form_kwargs(self):
        # The service writes the session, so the form is not bound to it.
        kwargs = super().get_form_kwargs()
        del kwargs["instance"]
        return kwargs

    def get_page_subtitle(self):
        return self.page_subtitle

    def get_success_url(self):
        return reverse("events_session:register", args=[self.object.pk])

    def get_success_buttons(self):
        return []

    @cached_property
    def reach(self):
        # Families who can be reached by neither email nor text must be rung: the form says so before the change.
        return session_notice_reach(session=self.session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, reach=self.reach, **kwargs)


class SessionCancelView(SessionFormView):
    page_title = gettext_lazy("Cancel session")
    edit_url_name = "events_session:cancel"
    form_class = SessionCancelForm
    submit_button_label = gettext_lazy("Cancel the session and tell the families")
    intro = gettext_lazy(
        "Everyone booked or waiting is told your reason, by email or text as each chose. This cannot be undone."
    )

    def save_instance(self):
        return session_cancel(session=self.object, reason=self.form.cleaned_data["reason"], by=self.request.user)

    def get_success_message(self):
        return _("Cancelled %(session)s. The families are being told, by email or text as each chose.") % {
            "session": self.object
        }


class SessionMoveView(SessionFormView):
    page_title = gettext_lazy("Move session")
    edit_url_name = "events_session:move"
    form_class = SessionMoveForm
    submit_button_label = gettext_lazy("Move the session and tell the families")
    intro = gettext_lazy(
        "Bookings and the waiting list stay with the session. Everyone is told the new time and place, "
        "by email or text as each chose."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.object}

    def save_instance(self):
        data = self.form.cleaned_data
        return session_move(
            session=self.object,
            start=data["start"],
            end=data["end"],
            venue=data["venue"],
            reason=data["reason"],
            by=self.request.user,
        )

    def get_success_message(self):
        return _("Moved the session. The families are being told, by email or text as each chose.")


class SessionNoticeView(SessionFormView):
    """A leader's message to every family booked: how many it reaches is shown before it is sent."""

    page_title = gettext_lazy("Message the families")
    edit_url_name = "events_session:notice"
    form_class = SessionNoticeForm
    template_name = "events/admin/session_notice_form.html"

    @property
    def submit_button_label(self):
        families = self.reach.families
        return ngettext("Send to %(count)s family", "Send to %(count)s families", families) % {"count": families}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session, "text_languages": self.reach.text_languages}

    def save_instance(self):
        message = self.form.cleaned_data["message"]
        return session_notice_send(session=self.session, message=message, by=self.request.user)

    def get_success_url(self):
        return reverse("events_session:register", args=[self.session.pk])

    def get_success_message(self):
        told = self.object.families_told
        return ngettext("Sent to %(count)s family.", "Sent to %(count)s families.", told) % {"count": told}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_send=session_can_be_messaged(self.session), **kwargs)


class SessionAddView(ServiceCreateView):
    """An extra session by hand; the form is a plain form, and `save_instance()` calls the service."""

    model = Session
    permission_policy = session_permission_policy
    page_title = gettext_lazy("Add a session")
    header_icon = "date"
    template_name = "events/admin/session_form.html"
    form_class = SessionAddForm
    add_url_name = "events_session:add"
    submit_button_label = gettext_lazy("Add the session")
    index_url_name = "events_session:index"
    index_label = gettext_lazy("Sessions")

    def get_form_extra_kwargs(self):
        return {"pages": group_pages_for(self.request)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_("An extra date for a group or workshop. Changes to its schedule will not move or remove it."),
            **kwargs,
        )

    def save_instance(self):
        data = self.form.cleaned_data
        return session_add(
            page=data["page"],
            start=data["start"],
            end=data["end"],
            venue=data["venue"],
            booking_mode=data["booking_mode"],
            adult_places=data["adult_places"],
            creche_places=data["creche_places"],
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("events_session:register", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("Added %(session)s.") % {"session": instance}


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = gettext_lazy("Sessions")
    menu_order = 100
    url_prefix = "sessions"
    url_namespace = "events_session"
    index_view_class = SessionIndexView
    filterset_class = SessionFilterSet
    ordering = ["start", "pk"]
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self):
        # Access follows page editing rights, not these model permissions.
        return super().get_permissions_to_register().none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", SessionAddView.as_view(), name="add"),
            path("<int:pk>/", SessionRegisterView.as_view(), name="register"),
            path("<int:pk>/print/", SessionRegisterPrintView.as_view(), name="register_print"),
            path("<int:pk>/paper/", SessionRegisterPaperView.as_view(), name="register_paper"),
            path("<int:pk>/cancel/", SessionCancelView.as_view(), name="cancel"),
            path("<int:pk>/move/", SessionMoveView.as_view(), name="move"),
            path("<int:pk>/message/", SessionNoticeView.as_view(), name="notice"),
        ]

    def register_admin_url_finder(self):
        # Sessions have no generic edit view: the register is their page.
        return None
