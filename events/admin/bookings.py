"""Staff views of bookings: the listing, and cancelling a booking or a second booking of one family."""

import datetime as dt

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from events.admin.base import GroupFiltersMixin, TitleWithButtonsColumn, local_text
from events.admin.permissions import booking_permission_policy
from events.contact_details import phone_display
from events.language import language_name
from events.models import Booking
from events.models.bookings import BookingStatus
from events.recurrence import LOCAL_TZ
from events.selectors.bookings import bookings_flag_duplicates
from events.selectors.staff import bookings_for_staff
from events.services.bookings import booking_cancel


def _language_choices():
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


def _in_language(code: str) -> Q:
    """Bookings made in `code`; those with no language stored were made in the site's default."""
    if code == settings.LANGUAGE_CODE:
        return Q(language=code) | Q(language="", contact__isnull=False)
    return Q(language=code)


def family_language_annotation():
    """The language of the family behind a booking, as events.language.family_language gives it."""
    return Case(
        When(contact__isnull=True, then=Value("")),
        When(language="", then=Value(settings.LANGUAGE_CODE)),
        default=F("language"),
    )


class BookingFilterSet(GroupFiltersMixin, WagtailFilterSet):
    page_lookup = "session__page"

    date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Session date"), field_name="session__start", widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=BookingStatus.choices)
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=_language_choices, method="filter_language"
    )

    class Meta:
        model = Booking
        fields = []

    def filter_language(self, queryset, name, value):
        return queryset.filter(_in_language(value))


class BookingIndexView(IndexView):
    page_title = gettext_lazy("Bookings")

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        # Times as they are on the wall in the hall, not in UTC.
        dt.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(value, LOCAL_TZ),
            SpreadsheetExportMixin.FORMAT_CSV: local_text,
        },
    }
    # The language's name, for staff, rather than its code; phone numbers as they are dialled.
    custom_field_preprocess = {
        "family_language": {
            SpreadsheetExportMixin.FORMAT_XLSX: language_name,
            SpreadsheetExportMixin.FORMAT_CSV: language_name,
        },
        "family_phone": {
            SpreadsheetExportMixin.FORMAT_XLSX: phone_display,
            SpreadsheetExportMixin.FORMAT_CSV: phone_display,
        },
    }

    def get_base_queryset(self):
        # Walk-ins and purged bookings have no contact: these read as blank, not as an error.
        bookings = bookings_flag_duplicates(bookings_for_staff(user=self.request.user))
        return bookings.annotate(
            family_first_name=F("contact__first_name"),
            family_email=F("contact__email"),
            family_phone=F("contact__phone"),
            family_language=family_language_annotation(),
        )

    @cached_property
    def columns(self):
        return [
            TitleWithButtonsColumn(
                "family",
                label=_("Family"),
                accessor=_family_label,
                get_url=self._family_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("session", label=_("Session"), accessor="session"),
            Column("adults", label=_("Adults")),
            Column("children", label=_("Children")),
            Column("creche_children", label=_("Creche")),
            Column(
                "family_language", label=_("Language"), accessor=lambda booking: language_name(booking.family_language)
            ),
            StatusTagColumn("status_shown", label=_("Status"), sort_key="status"),
            # Translators: column heading: when the booking was made.
            Column("created_at", label=_("Booked"), accessor=lambda booking: local_text(booking.created_at)),
            # Translators: column heading: bookings staff may want to check (possible duplicates).
            Column("possible_duplicate", label=_("Check"), accessor=_duplicate_note),
        ]

    def _family_url(self, booking):
        if booking.contact_id:
            return reverse("events_privacy:contact", args=[booking.contact_id])
        return None

    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = [
            ListingButton(
                pgettext("a session's register", "Register"),
                reverse("events_session:register", args=[instance.session_id]),
            )
        ]
        if instance.status == BookingStatus.CONFIRMED and instance.session.start > timezone.now():
            if instance.extra_booking:
                buttons.append(
                    ListingButton(_("Cancel extra booking"), reverse("events_booking:cancel_extra", args=[instance.pk]))
                )
            buttons.append(ListingButton(_("Cancel booking"), reverse("events_booking:cancel", args=[instance.pk])))
        return buttons


def _family_label(booking) -> str:
    if booking.contact:
        return booking.contact.first_name
    return _("Walk-in") if booking.walk_in else _("(details removed)")


def _duplicate_note(booking) -> str:
    return _("Possible duplicate") if booking.possible_duplicate else ""


class BookingCancelView(WagtailAdminTemplateMixin, TemplateView):
    """Cancel a booking for a family (they phoned, say). The place goes to the waiting list."""

    model = Booking
    page_title = gettext_lazy("Cancel booking")
    header_icon = "date"
    template_name = "events/admin/booking_cancel.html"

    @cached_property
    def booking(self):
        booking = (
            bookings_for_staff(user=self.request.user)
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
            {"url": reverse("events_booking:index"), "label": _("Bookings")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(booking=self.booking, family=_family_label(self.booking), **kwargs)

    def post(self, request, *args, **kwargs):
        booking_cancel(booking=self.booking, by=request.user)
        messages.success(request, _("Booking cancelled. If anyone was waiting, they have been given the place."))
        return redirect("events_session:register", pk=self.booking.session_id)


class BookingExtraCancelView(BookingCancelView):
    """Cancel the later of two bookings one family made for the same session.

    The family is told as for any cancellation, so if the two were really different
    families sharing a phone, the one cancelled knows and can book again.
    """

    page_title = gettext_lazy("Cancel extra booking")

    @cached_property
    def booking(self):
        bookings = bookings_flag_duplicates(bookings_for_staff(user=self.request.user))
        booking = bookings.filter(pk=self.kwargs["pk"], status=BookingStatus.CONFIRMED).first()
        if booking is None:
            raise Http404("No booking of yours to cancel has this number")
        return booking

    def _no_longer_extra(self):
        # The earlier booking may have been cancelled since the listing was shown.
        messages.warning(
            self.request,
            _("This is no longer a second booking for the session. Cancel it only if the family asked you to."),
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
        booking_cancel(booking=self.booking, by=request.user, notify=True)
        messages.success(
            request, _("Extra booking cancelled and the family told by email. Their first booking stays as it is.")
        )
        return redirect("events_session:register", pk=self.booking.session_id)


class BookingViewSet(ModelViewSet):
    model = Booking
    icon = "list-ul"
    menu_label = gettext_lazy("Bookings")
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
        "family_language",
        "status_shown",
        "session.get_status_display",
        "walk_in",
        "created_at",
    ]
    export_headings = {
        "session.page.title": gettext_lazy("Group or workshop"),
        "session.start": gettext_lazy("Session starts"),
        "family_first_name": gettext_lazy("First name"),
        "family_email": gettext_lazy("Email"),
        "family_phone": gettext_lazy("Phone"),
        "adults": gettext_lazy("Adults"),
        "children": gettext_lazy("Children"),
        "creche_children": gettext_lazy("Creche children"),
        "children_ages": gettext_lazy("Children's ages"),
        "access_needs": gettext_lazy("Access needs"),
        "family_language": gettext_lazy("Language"),
        "status_shown": gettext_lazy("Status"),
        "session.get_status_display": gettext_lazy("Session status"),
        "walk_in": gettext_lazy("Walk-in"),
        "created_at": gettext_lazy("Booked at"),
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
