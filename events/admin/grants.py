"""Staff keep the list of grants: who funds which areas and groups, and for how long."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from events.models import Grant


class GrantReportColumn(Column):
    """A link from each grant to its funder report."""

    def get_value(self, instance):
        return reverse("events_funder_report:index") + f"?grant={instance.pk}&period=grant"

    cell_template_name = "events/admin/grant_report_cell.html"


class GrantViewSet(ModelViewSet):
    model = Grant
    name = "events_grant"
    icon = "doc-full"
    menu_label = gettext_lazy("Grants")
    menu_order = 400
    add_to_admin_menu = False
    url_prefix = "grants"
    list_display = [
        "funder",
        "reference",
        "starts_on",
        "ends_on",
        GrantReportColumn("report", label=gettext_lazy("Report")),
    ]
    panels = [
        FieldPanel("funder"),
        FieldPanel("reference"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("pays_for"),
    ]
