"""The check-ins report: what families answered, anonymously, about how the groups help."""

import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from events.admin.base import StaffReportMixin
from events.admin.forms import AttendancePeriodForm
from events.admin.reports import ReportMenuItem
from events.selectors.check_ins import MIN_ANSWERS, check_in_results


class CheckInResultsView(StaffReportMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Check-ins")
    header_icon = "table"
    template_name = "events/admin/check_in_results.html"

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

    def get_context_data(self, **kwargs):
        first, last = self.period
        return super().get_context_data(
            results=check_in_results(user=self.request.user, first=first, last=last),
            form=self.period_form,
            first=first,
            last=last,
            min_answers=MIN_ANSWERS,
            **kwargs,
        )


class CheckInResultsViewSet(ViewSet):
    name = "events_check_ins"
    url_prefix = "check-ins"
    icon = "table"
    menu_label = gettext_lazy("Check-ins")
    menu_order = 310
    add_to_admin_menu = False
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", CheckInResultsView.as_view(), name="index")]
