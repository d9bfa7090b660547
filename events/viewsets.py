"""The staff side of booking in the Wagtail admin: sessions, bookings, registers and the funder report.

Who sees what follows the page tree: a user sees the sessions and bookings of the
group and workshop pages they may edit (home.permissions.pages_editable_by), so staff
see everything, an area coordinator their area and a group leader their own group.
Every change is made by a service in events/services.py.
"""

import datetime as dt

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.base import BasePermissionPolicy

from events.models.bookings import BookingStatus
from events.models.schedules import BookingMode, SessionStatus

from . import selectors, services
from .forms import (
    AttendancePeriodForm,
    HeadcountForm,
    RegisterForm,
    SessionAddForm,
    SessionCancelForm,
    SessionMoveForm,
    WalkInForm,
)
from .models import AreaPage, Booking, GroupPage, Session, WorkshopPage
from .recurrence import LOCAL_TZ


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
            cached = user.is_superuser or selectors.staff_page_ids(user).exists()
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
        return self.model._default_manager.filter(**{f"{self.page_lookup}__in": selectors.staff_page_ids(user)})

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


session_permission_policy = GroupPagesPermissionPolicy(Session, page_lookup="page", actions={"view", "change", "add"})
booking_permission_policy = GroupPagesPermissionPolicy(Booking, page_lookup="session__page", actions={"view", "change"})


def _group_pages_for(request):
    ids = selectors.staff_page_ids(request.user) if request else Page.objects.none().values("pk")
    return Page.objects.filter(pk__in=ids).type(GroupPage, WorkshopPage).order_by("title")


def _areas_for(request):
    return AreaPage.objects.order_by("title")


class GroupFiltersMixin(django_filters.FilterSet):
    """Area and group filters shared by the sessions and bookings listings."""

    page_lookup = "page"

    area = django_filters.ModelChoiceFilter(label="Area", queryset=_areas_for, method="filter_area")
    page = django_filters.ModelChoiceFilter(label="Group or workshop", queryset=_group_pages_for, method="filter_page")

    def filter_area(self, queryset, name, value):
        return queryset.filter(
            **{f"{self.page_lookup}__path__startswith": value.path, f"{self.page_lookup}__depth__gt": value.depth}
        )

    def filter_page(self, queryset, name, value):
        return queryset.filter(**{self.page_lookup: value})


class SessionFilterSet(GroupFiltersMixin, WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label="When",
        choices=[("upcoming", "Coming up"), ("past", "Past")],
        method="filter_when",
        empty_label="Any time",
    )
    start = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    status = django_filters.ChoiceFilter(label="Status", choices=SessionStatus.choices)

    class Meta:
        model = Session
        fields = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(end__gte=now) if value == "upcoming" else queryset.filter(end__lt=now)


class BookingFilterSet(GroupFiltersMixin, WagtailFilterSet):
    page_lookup = "session__page"

    date = django_filters.DateFromToRangeFilter(
        label="Session date", field_name="session__start", widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(label="Status", choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields = []


class TitleWithButtonsColumn(ButtonsColumnMixin, TitleColumn):
    """A title cell with the row's action buttons beside it, as in Wagtail's own listings."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


def _local_text(value) -> str:
    return f"{value.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M}" if value else ""


# Sessions --------------------------------------------------------------------------


class SessionIndexView(IndexView):
    """Sessions coming up (by default), with places left and waiting-list length."""

    page_title = "Sessions"
    add_item_label = "Add a session"

    def get_base_queryset(self):
        queryset = selectors.sessions_for_staff(user=self.request.user)
        chosen = self.request.GET
        if "when" not in chosen and not (chosen.get("start_from") or chosen.get("start_to")):
            # Coming up is what staff need nearly every time; "Any time" shows the rest.
            queryset = queryset.filter(end__gte=timezone.now())
        return queryset

    @cached_property
    def columns(self):
        return [
            TitleWithButtonsColumn(
                "session", label="Session", accessor=str, get_url=self.get_edit_url, get_buttons=self.get_list_buttons
            ),
            Column("venue", label="Venue", accessor="venue.name"),
            Column("adult_places_left", label="Places left"),
            Column("creche_places_left", label="Creche places left"),
            Column("waiting_count", label="Waiting"),
            StatusTagColumn("get_status_display", label="Status", sort_key="status"),
        ]

    def get_edit_url(self, instance):
        return reverse("events_session:register", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = [ListingButton("Register", reverse("events_session:register", args=[instance.pk]), priority=10)]
        if instance.status != SessionStatus.CANCELLED and instance.start > timezone.now():
            buttons.append(ListingButton("Move", reverse("events_session:move", args=[instance.pk]), priority=20))
            buttons.append(ListingButton("Cancel", reverse("events_session:cancel", args=[instance.pk]), priority=30))
        return buttons


class SessionObjectMixin:
    """Finds the session in the URL among those the user may manage; anything else is not found."""

    model = Session
    permission_policy = session_permission_policy
    header_icon = "date"

    @cached_property
    def session(self):
        session = selectors.sessions_for_staff(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if session is None:
            raise Http404("No session of yours has this number")
        return session

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_session:index"), "label": "Sessions"},
            {"url": reverse("events_session:register", args=[self.session.pk]), "label": str(self.session)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)


class SessionFormView(SessionObjectMixin, WagtailAdminTemplateMixin, FormView):
    """A form about one session; `act(form)` calls the service and may raise ValidationError."""

    permission_required = "change"
    template_name = "events/admin/session_form.html"
    submit_label = ""
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            message = self.act(form)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("events_session:register", pk=self.session.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=self.submit_label, intro=self.intro, **kwargs)


class SessionCancelView(SessionFormView):
    page_title = "Cancel session"
    form_class = SessionCancelForm
    submit_label = "Cancel the session and tell the families"
    intro = "Everyone booked or waiting gets an email with your reason. This cannot be undone."

    def act(self, form):
        services.session_cancel(session=self.session, reason=form.cleaned_data["reason"], by=self.request.user)
        return f"Cancelled {self.session}. The families are being told by email."


class SessionMoveView(SessionFormView):
    page_title = "Move session"
    form_class = SessionMoveForm
    submit_label = "Move the session and tell the families"
    intro = "Bookings and the waiting list stay with the session. Everyone gets an email with the new time and place."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session}

    def act(self, form):
        data = form.cleaned_data
        services.session_move(
            session=self.session,
            start=data["start"],
            end=data["end"],
            venue=data["venue"],
            reason=data["reason"],
            by=self.request.user,
        )
        return "Moved the session. The families are being told by email."


class SessionAddView(WagtailAdminTemplateMixin, FormView):
    model = Session
    permission_policy = session_permission_policy
    page_title = "Add a session"
    header_icon = "date"
    template_name = "events/admin/session_form.html"
    form_class = SessionAddForm

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_session:index"), "label": "Sessions"},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pages": _group_pages_for(self.request)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submit_label="Add the session",
            intro="An extra date for a group or workshop. Changes to its schedule will not move or remove it.",
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            session = services.session_add(
                page=data["page"],
                start=data["start"],
                end=data["end"],
                venue=data["venue"],
                booking_mode=data["booking_mode"],
                adult_places=data["adult_places"],
                creche_places=data["creche_places"],
                by=self.request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(self.request, f"Added {session}.")
        return redirect("events_session:register", pk=session.pk)


class SessionRegisterView(SessionObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """A session at a glance: who is booked and waiting, the register to tick, walk-ins and headcount."""

    page_title = "Register"
    template_name = "events/admin/session_register.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.session)

    @cached_property
    def register_open(self) -> bool:
        return (
            self.session.status != SessionStatus.CANCELLED
            and self.session.start.astimezone(LOCAL_TZ).date() <= timezone.localdate()
        )

    def _forms(self, data=None, which=None):
        held = selectors.session_register(session=self.session)
        return held, {
            "register_form": RegisterForm(
                data if which == "register" else None, bookings=held["bookings"], prefix="register"
            ),
            "walk_in_form": WalkInForm(data if which == "walk_in" else None, prefix="walk_in"),
            "headcount_form": HeadcountForm(
                data if which == "headcount" else None,
                prefix="headcount",
                initial={"adults": self.session.headcount_adults, "children": self.session.headcount_children},
            ),
        }

    def get(self, request, *args, **kwargs):
        held, forms = self._forms()
        return self.render_to_response(self.get_context_data(held=held, **forms))

    def post(self, request, *args, **kwargs):
        which = request.POST.get("form")
        held, forms = self._forms(request.POST, which)
        form = forms.get(f"{which}_form")
        if form is not None and form.is_valid():
            try:
                message = self._save(which, form)
            except ValidationError as error:
                for text in error.messages:
                    form.add_error(None, text)
            else:
                messages.success(request, message)
                return redirect("events_session:register", pk=self.session.pk)
        return self.render_to_response(self.get_context_data(held=held, **forms))

    def _save(self, which, form):
        user = self.request.user
        if which == "register":
            for booking, status in form.marks():
                services.register_mark(booking=booking, status=status, by=user)
            return "Register saved."
        if which == "walk_in":
            services.walk_in_add(session=self.session, by=user, **form.cleaned_data)
            return "Walk-in added."
        services.session_headcount_record(session=self.session, by=user, **form.cleaned_data)
        return "Headcount saved."

    def get_context_data(self, **kwargs):
        now = timezone.now()
        register_form = kwargs.get("register_form")
        if register_form is not None:
            kwargs["register_rows"] = [
                {"booking": booking, "field": register_form[f"booking_{booking.pk}"]}
                for booking in register_form.bookings
            ]
        return super().get_context_data(
            register_open=self.register_open,
            is_drop_in=self.session.booking_mode == BookingMode.DROP_IN,
            can_change=self.session.status != SessionStatus.CANCELLED and self.session.start > now,
            **kwargs,
        )


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = "Sessions"
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
            path("<int:pk>/cancel/", SessionCancelView.as_view(), name="cancel"),
            path("<int:pk>/move/", SessionMoveView.as_view(), name="move"),
        ]

    def register_admin_url_finder(self):
        # Sessions have no generic edit view: the register is their page.
        return None


# Bookings --------------------------------------------------------------------------


class BookingIndexView(IndexView):
    page_title = "Bookings"

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        # Times as they are on the wall in the hall, not in UTC.
        dt.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(value, LOCAL_TZ),
            SpreadsheetExportMixin.FORMAT_CSV: _local_text,
        },
    }

    def get_base_queryset(self):
        # Walk-ins and purged bookings have no contact: these read as blank, not as an error.
        bookings = selectors.bookings_flag_duplicates(selectors.bookings_for_staff(user=self.request.user))
        return bookings.annotate(
            family_first_name=F("contact__first_name"),
            family_email=F("contact__email"),
            family_phone=F("contact__phone"),
        )

    @cached_property
    def columns(self):
        return [
            TitleWithButtonsColumn(
                "family",
                label="Family",
                accessor=_family_label,
                get_url=self._family_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("session", label="Session", accessor="session"),
            Column("adults", label="Adults"),
            Column("children", label="Children"),
            Column("creche_children", label="Creche"),
            StatusTagColumn("get_status_display", label="Status", sort_key="status"),
            Column("created_at", label="Booked", accessor=lambda booking: _local_text(booking.created_at)),
            Column("possible_duplicate", label="Check", accessor=_duplicate_note),
        ]

    def _family_url(self, booking):
        if booking.contact_id:
            return reverse("events_privacy:contact", args=[booking.contact_id])
        return None

    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = [ListingButton("Register", reverse("events_session:register", args=[instance.session_id]))]
        if instance.status == BookingStatus.CONFIRMED and instance.session.start > timezone.now():
            if instance.extra_booking:
                buttons.append(
                    ListingButton("Cancel extra booking", reverse("events_booking:cancel_extra", args=[instance.pk]))
                )
            buttons.append(ListingButton("Cancel booking", reverse("events_booking:cancel", args=[instance.pk])))
        return buttons


def _family_label(booking) -> str:
    return booking.contact.first_name if booking.contact else ("Walk-in" if booking.walk_in else "(details removed)")


def _duplicate_note(booking) -> str:
    return "Possible duplicate" if booking.possible_duplicate else ""


class BookingCancelView(WagtailAdminTemplateMixin, TemplateView):
    """Cancel a booking for a family (they phoned, say). The place goes to the waiting list."""

    model = Booking
    page_title = "Cancel booking"
    header_icon = "date"
    template_name = "events/admin/booking_cancel.html"

    @cached_property
    def booking(self):
        booking = (
            selectors.bookings_for_staff(user=self.request.user)
            .filter(pk=self.kwargs["pk"], status=BookingStatus.CONFIRMED)
            .first()
        )
        if booking is None:
            raise Http404("No booking of yours to cancel has this number")
        return booking

    def dispatch(self, request, *args, **kwargs):
        if not booking_permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_booking:index"), "label": "Bookings"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(booking=self.booking, family=_family_label(self.booking), **kwargs)

    def post(self, request, *args, **kwargs):
        services.booking_cancel(booking=self.booking, by=request.user)
        messages.success(request, "Booking cancelled. If anyone was waiting, they have been given the place.")
        return redirect("events_session:register", pk=self.booking.session_id)


class BookingExtraCancelView(BookingCancelView):
    """Cancel the later of two bookings one family made for the same session.

    The family is told as for any cancellation, so if the two were really different
    families sharing a phone, the one cancelled knows and can book again.
    """

    page_title = "Cancel extra booking"

    @cached_property
    def booking(self):
        bookings = selectors.bookings_flag_duplicates(selectors.bookings_for_staff(user=self.request.user))
        booking = bookings.filter(pk=self.kwargs["pk"], status=BookingStatus.CONFIRMED).first()
        if booking is None:
            raise Http404("No booking of yours to cancel has this number")
        return booking

    def _no_longer_extra(self):
        # The earlier booking may have been cancelled since the listing was shown.
        messages.warning(
            self.request,
            "This is no longer a second booking for the session. Cancel it only if the family asked you to.",
        )
        return redirect("events_booking:cancel", pk=self.booking.pk)

    def get(self, request, *args, **kwargs):
        if not self.booking.extra_booking:
            return self._no_longer_extra()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(extra=True, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.booking.extra_booking:
            return self._no_longer_extra()
        services.booking_cancel(booking=self.booking, by=request.user, notify=True)
        messages.success(
            request, "Extra booking cancelled and the family told by email. Their first booking stays as it is."
        )
        return redirect("events_session:register", pk=self.booking.session_id)


class BookingViewSet(ModelViewSet):
    model = Booking
    icon = "list-ul"
    menu_label = "Bookings"
    menu_order = 200
    url_prefix = "bookings"
    url_namespace = "events_booking"
    index_view_class = BookingIndexView
    filterset_class = BookingFilterSet
    ordering = ["-session__start", "pk"]
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False
    list_export = [
        "session.page.title",
        "session.start",
        "family_first_name",
        "family_email",
        "family_phone",
        "adults",
        "children",
        "creche_children",
        "children_ages",
        "access_needs",
        "get_status_display",
        "walk_in",
        "created_at",
    ]
    export_headings = {
        "session.page.title": "Group or workshop",
        "session.start": "Session starts",
        "family_first_name": "First name",
        "family_email": "Email",
        "family_phone": "Phone",
        "adults": "Adults",
        "children": "Children",
        "creche_children": "Creche children",
        "children_ages": "Children's ages",
        "access_needs": "Access needs",
        "get_status_display": "Status",
        "walk_in": "Walk-in",
        "created_at": "Booked at",
    }
    export_filename = "bookings"

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/cancel/", BookingCancelView.as_view(), name="cancel"),
            path("<int:pk>/cancel-extra/", BookingExtraCancelView.as_view(), name="cancel_extra"),
        ]

    def register_admin_url_finder(self):
        return None


# Attendance for funders ------------------------------------------------------------


class AttendanceSummaryView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Per group and month: sessions held, people who came, distinct families and first-timers."""

    page_title = "Attendance summary"
    header_icon = "table"
    template_name = "events/admin/attendance_summary.html"
    list_export = [
        "group",
        "month_label",
        "sessions_held",
        "attendances",
        "adults",
        "children",
        "families",
        "first_timers",
    ]
    export_headings = {
        "group": "Group or workshop",
        "month_label": "Month",
        "sessions_held": "Sessions held",
        "attendances": "Attendances",
        "adults": "Adults",
        "children": "Children",
        "families": "Different families",
        "first_timers": "Families new to the group",
    }
    export_filename = "attendance-summary"

    def dispatch(self, request, *args, **kwargs):
        if not session_permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _default_period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        return (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1), today

    @cached_property
    def period_form(self):
        first, last = self._default_period()
        return AttendancePeriodForm(self.request.GET or None, initial={"first": first, "last": last})

    @cached_property
    def period(self) -> tuple[dt.date, dt.date]:
        first, last = self._default_period()
        if self.period_form.is_bound and self.period_form.is_valid():
            return self.period_form.cleaned_data["first"] or first, self.period_form.cleaned_data["last"] or last
        return first, last

    @cached_property
    def rows(self):
        first, last = self.period
        rows = selectors.attendance_summary(user=self.request.user, first=first, last=last)
        for row in rows:
            row.month_label = f"{row.month:%B %Y}"
        return rows

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.rows, request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        first, last = self.period
        totals = {
            name: sum(getattr(row, name) for row in self.rows)
            for name in ("sessions_held", "attendances", "adults", "children")
        }
        query = self.request.GET.copy()
        query.pop("export", None)
        return super().get_context_data(
            rows=self.rows,
            totals=totals,
            form=self.period_form,
            first=first,
            last=last,
            export_query=query.urlencode(),
            **kwargs,
        )


class AttendanceViewSet(ViewSet):
    name = "events_attendance"
    url_prefix = "attendance"
    icon = "table"
    menu_label = "Attendance summary"
    menu_order = 300
    add_to_admin_menu = False

    @property
    def menu_item_class(self):
        def is_shown(_self, request):
            return session_permission_policy.user_has_permission(request.user, "view")

        return type("AttendanceMenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [path("", AttendanceSummaryView.as_view(), name="index")]


class BookingAdminGroup(ViewSetGroup):
    menu_label = "Bookings"
    menu_icon = "date"
    menu_order = 250
    items = (SessionViewSet, BookingViewSet, AttendanceViewSet)
