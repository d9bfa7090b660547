"""The check-ins report: what families answered, anonymously, about how the groups help."""

from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from events.admin.base import StaffReportMixin
from events.admin.reports import ReportMenuItem, ReportPeriodMixin
from events.selectors.check_ins import MIN_ANSWERS, check_in_results


class CheckInResultsView(ReportPeriodMixin, StaffReportMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Check-ins")
    header_icon = "table"
    template_name = "events/admin/check_in_results.html"

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
