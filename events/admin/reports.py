"""What every staff report shares (who sees it and its menu item, the period it covers), and
the old attendance summary's address, which now leads to the funder report."""

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem

from events.admin.forms import AttendancePeriodForm
from events.admin.permissions import user_sees_reports


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


def attendance_summary_moved(request):
    """The attendance summary was replaced by the funder report: bookmarks of it land there, on the same dates.

    Its From and To mean the same in the funder report; anything else it was asked (a
    download) is dropped, so that a bookmark shows the report rather than downloading it.
    """
    period = {name: request.GET[name] for name in ("first", "last") if request.GET.get(name)}
    url = reverse("events_funder_report:index")
    return HttpResponsePermanentRedirect(f"{url}?{urlencode(period)}" if period else url)


def attendance_summary_moved_urls():
    return [path("attendance/", attendance_summary_moved, name="events_attendance_moved")]
