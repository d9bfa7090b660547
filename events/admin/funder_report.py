"""The funder report: a period's figures per group, per area, per month and in total, with
charts and the check-in results, for a grant or for all of a user's groups, on screen,
printed or as a spreadsheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput

from events.admin.base import StaffReportMixin
from events.admin.funder_charts import check_in_charts, funder_charts, lonely_chart, month_label
from events.admin.reports import ReportMenuItem
from events.selectors.check_ins import MIN_ANSWERS, check_in_results
from events.selectors.funders import funder_figures
from events.selectors.grants import financial_year, grant_pages, grants_listed, last_quarter

QUARTER, FINANCIAL_YEAR, GRANT = "quarter", "financial_year", "grant"


def _span(first, last) -> str:
    return _("%(first)s to %(last)s") % {"first": date_format(first, "j M Y"), "last": date_format(last, "j M Y")}


class FunderPeriodForm(forms.Form):
    """A grant (optional) and a period: one of the presets, or the dates typed in."""

    grant = forms.ModelChoiceField(
        label=gettext_lazy("Grant"),
        queryset=grants_listed(),
        required=False,
        empty_label=gettext_lazy("All my groups"),
        help_text=gettext_lazy("Only the areas and groups the grant funds are counted."),
    )
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    # Translators: the first day of the report's period.
    first = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=AdminDateInput)
    # Translators: the last day of the report's period.
    last = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=AdminDateInput)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["period"].choices = [
            ("", _("The dates below")),
            (QUARTER, _("The last full quarter (%(span)s)") % {"span": _span(*last_quarter(today))}),
            (
                FINANCIAL_YEAR,
                _("This financial year, 1 April to 31 March (%(span)s)") % {"span": _span(*financial_year(today))},
            ),
            (GRANT, _("The grant's whole period")),
        ]

    def clean(self):
        cleaned = super().clean()
        grant, period = cleaned.get("grant"), cleaned.get("period")
        if period == GRANT and grant is None:
            raise ValidationError(_("Choose a grant to report on its whole period."))
        if cleaned.get("first") and cleaned.get("last") and cleaned["last"] < cleaned["first"]:
            raise ValidationError(_("'To' must be on or after 'From'."))
        return cleaned

    def span(self):
        """The grant (or None) and the first and last day asked for; the last full quarter if nothing is."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        grant, period = cleaned.get("grant"), cleaned.get("period")
        default = last_quarter(self.today)
        if period == QUARTER:
            return grant, *default
        if period == FINANCIAL_YEAR:
            return grant, *financial_year(self.today)
        if period == GRANT or (grant and not cleaned.get("first") and not cleaned.get("last")):
            return grant, grant.starts_on, grant.ends_on
        return grant, cleaned.get("first") or default[0], cleaned.get("last") or default[1]


def check_in_export_rows(results) -> list[dict]:
    """The check-in results as spreadsheet rows below the figures, each part under a heading row of its own.

    The rows use the figures' columns: the first says what the part is, the second names the
    programme, and the heading row says what the next ones hold.
    """
    answers, lonely = _("Check-in answers"), _("Feeling lonely often, always or some of the time (%)")
    blank = dict.fromkeys(FunderReportView.list_export, "")
    rows = [
        blank,
        {
            **blank,
            "level": answers,
            "name": _("Programme"),
            "sessions_held": _("Question"),
            "attendances": _("Answer"),
            "adults": _("Families"),
            "children": _("Share (%)"),
        },
    ]
    for result in results:
        if not result.enough:
            too_few = _("Fewer than %(min)s answers: not shown") % {"min": MIN_ANSWERS}
            rows.append({**blank, "level": answers, "name": result.name, "sessions_held": too_few})
        for wording, shares in result.questions:
            rows.extend(
                {
                    **blank,
                    "level": answers,
                    "name": result.name,
                    "sessions_held": wording,
                    "attendances": share.label,
                    "adults": share.count,
                    "children": share.percent,
                }
                for share in shares
            )
    rows += [
        blank,
        {
            **blank,
            "level": lonely,
            "name": _("Programme"),
            "sessions_held": _("After the first session"),
            "attendances": _("Some weeks later"),
        },
    ]
    too_few = _("Fewer than %(min)s answers") % {"min": MIN_ANSWERS}
    for result in results:
        if result.enough:
            first = too_few if result.lonely_first is None else result.lonely_first
            later = too_few if result.lonely_later is None else result.lonely_later
            rows.append({**blank, "level": lonely, "name": result.name, "sessions_held": first, "attendances": later})
    return rows


class FunderReportView(StaffReportMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Sessions held, attendances, families new and returning, adults and children for a period,
    with charts and what families answered at their check-ins.

    The spreadsheet holds the same figures as the page: the total, the areas, the groups
    and the months, then the check-in results under their own heading rows.
    """

    page_title = gettext_lazy("Funder report")
    header_icon = "table"
    template_name = "events/admin/funder_report.html"
    list_export = [
        "level",
        "name",
        "sessions_held",
        "attendances",
        "adults",
        "children",
        "families",
        "new_families",
        "returning_families",
    ]
    export_headings = {
        "level": gettext_lazy("Figures for"),
        "name": gettext_lazy("Name"),
        "sessions_held": gettext_lazy("Sessions held"),
        "attendances": gettext_lazy("Attendances"),
        "adults": gettext_lazy("Adults"),
        "children": gettext_lazy("Children"),
        "families": gettext_lazy("Different families"),
        "new_families": gettext_lazy("New families"),
        "returning_families": gettext_lazy("Returning families"),
    }
    export_filename = "funder-report"

    @cached_property
    def form(self):
        return FunderPeriodForm(self.request.GET or None, today=timezone.localdate())

    @cached_property
    def scope(self):
        """The grant (or None), the period's first and last day, and the page ids the grant narrows to (or None)."""
        grant, first, last = self.form.span()
        return grant, first, last, grant_pages(grant) if grant else None

    @cached_property
    def figures(self):
        grant, first, last, groups = self.scope
        figures = funder_figures(user=self.request.user, first=first, last=last, groups=groups)
        figures.grant = grant
        figures.total.level, figures.total.name = _("Total"), _("All groups and workshops")
        for row in figures.areas:
            row.level = _("Area")
            row.name = row.name or _("Not in an area (workshops)")
        for row in figures.groups:
            row.level = _("Group or workshop")
        for row in figures.months:
            row.level, row.name = _("Month"), month_label(row.month)
        return figures

    @cached_property
    def extra_rows(self) -> list[dict]:
        """Rows other apps add through the "funder_report_extra_rows" hook (one-to-one sessions held
        per programme): counts only, each with its level, name and sessions held, as the figures' rows."""
        _grant, first, last, groups = self.scope
        return [
            row
            for fn in hooks.get_hooks("funder_report_extra_rows")
            for row in fn(user=self.request.user, first=first, last=last, page_ids=groups)
        ]

    @cached_property
    def check_ins(self):
        """The programmes' (areas') check-in results over the same period and groups as the figures."""
        _grant, first, last, groups = self.scope
        results = check_in_results(user=self.request.user, first=first, last=last, groups=groups)
        return [result for result in results if result.is_area]

    def get(self, request, *args, **kwargs):
        if self.is_export:
            figures = self.figures
            rows = [figures.total, *figures.areas, *figures.groups, *figures.months]
            blank = dict.fromkeys(self.list_export, "")
            extra = [{**blank, **row} for row in self.extra_rows]
            return self.as_spreadsheet(
                [*rows, *extra, *check_in_export_rows(self.check_ins)], request.GET.get("export")
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        figures = self.figures
        tables = [
            {"caption": _("In total"), "heading": _("Groups counted"), "rows": [figures.total]},
            {"caption": _("Per area"), "heading": _("Area"), "rows": figures.areas},
            {"caption": _("Per group or workshop"), "heading": _("Group or workshop"), "rows": figures.groups},
        ]
        return super().get_context_data(
            figures=figures,
            form=self.form,
            tables=tables,
            extra_rows=self.extra_rows,
            charts=funder_charts(figures),
            check_ins=check_in_charts(self.check_ins),
            lonely_chart=lonely_chart(self.check_ins),
            min_answers=MIN_ANSWERS,
            **kwargs,
        )


class FunderReportViewSet(ViewSet):
    name = "events_funder_report"
    url_prefix = "funder-report"
    icon = "table"
    menu_label = gettext_lazy("Funder report")
    menu_order = 310
    add_to_admin_menu = False
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", FunderReportView.as_view(), name="index")]
