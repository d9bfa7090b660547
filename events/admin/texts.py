"""What texts to families cost, and which did not reach them: a report, and a warning on the
admin's home page when the daily limit (settings.GATHER_TEXTS_PER_DAY) holds texts back."""

from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from events.admin.base import StaffReportMixin
from events.admin.reports import ReportMenuItem
from events.selectors.texts import texts_gone_wrong_for_staff, texts_gone_wrong_rows
from messaging.selectors import texts_summary, texts_today


class TextsPaginator(WagtailPaginator):
    verbose_name = gettext_lazy("text")
    verbose_name_plural = gettext_lazy("texts")


class TextsReportView(StaffReportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Texts sent today, this month and last, the segments the provider charges for, and the
    texts of the user's groups that did not reach the family this month."""

    page_title = gettext_lazy("Texts")
    header_icon = "mobile-alt"
    template_name = "events/admin/texts_report.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        now = timezone.now()
        paginator = TextsPaginator(texts_gone_wrong_for_staff(user=self.request.user, now=now), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            summary=texts_summary(now),
            rows=texts_gone_wrong_rows(page.object_list),
            items=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            **kwargs,
        )


class TextsViewSet(ViewSet):
    name = "events_texts"
    url_prefix = "texts"
    icon = "mobile-alt"
    menu_label = gettext_lazy("Texts")
    menu_order = 310
    add_to_admin_menu = False
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", TextsReportView.as_view(), name="index")]


class TextLimitPanel(Component):
    """On the admin's home page while today's texts have reached the daily limit."""

    template_name = "events/admin/text_limit_panel.html"
    order = 40

    @cached_property
    def today(self):
        return texts_today(timezone.now())

    def render_html(self, parent_context=None):
        if not self.today.limit_reached:
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        return {"today": self.today}
