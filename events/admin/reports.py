"""The attendance report for funders and coordinators, on screen or as a spreadsheet,
and what every staff report shares: who sees it and its menu item."""

import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet

from events.admin.base import StaffReportMixin
from events.admin.forms import (
    AttendancePeriodForm,
)
from events.admin.permissions import user_sees_reports
from events.selectors.reports import attendance_summary


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_reports(request.user)


class ReportPeriodMixin:
    """A report over a period the user picks (From, To), the last twelve months unless they do."""

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


class AttendanceSummaryView(
    ReportPeriodMixin, StaffReportMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Per group and month: sessions held, people who came, distinct families and first-timers."""

    page_title = gettext_lazy("Attendance summary")
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
        "group": gettext_lazy("Group or workshop"),
        "month_label": gettext_lazy("Month"),
        "sessions_held": gettext_lazy("Sessions held"),
        "attendances": gettext_lazy("Attendances"),
        "adults": gettext_lazy("Adults"),
        "children": gettext_lazy("Children"),
        "families": gettext_lazy("Different families"),
        "first_timers": gettext_lazy("Families new to the group"),
    }
    export_filename = "attendance-summary"

    @cached_property
    def rows(self):
        first, last = self.period
        rows = attendance_summary(user=self.request.user, first=first, last=last)
        for row in rows:
            # Month names in the language the admin is shown in.
            row.month_label = date_format(row.month, "F Y")
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
    menu_label = gettext_lazy("Attendance summary")
    menu_order = 300
    add_to_admin_menu = False
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", AttendanceSummaryView.as_view(), name="index")]
