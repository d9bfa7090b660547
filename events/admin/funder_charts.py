"""The funder report's charts: its figures and check-in results as labelled series for events/charts.py."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.charts import Chart, Series, bar_chart, column_chart
from events.selectors.check_ins import MIN_ANSWERS, CheckInResult
from events.selectors.funders import FunderFigures


def month_label(month) -> str:
    """A month as the charts and the spreadsheet name it, "Jan 2025", in the admin's language."""
    return date_format(month, "M Y")


def _busiest(categories: list[str], values: list[int]) -> str:
    top = max(values)
    return categories[values.index(top)]


def attendance_chart(figures: FunderFigures) -> Chart:
    months = [month_label(row.month) for row in figures.months]
    adults, children = [row.adults for row in figures.months], [row.children for row in figures.months]
    attendances = [row.attendances for row in figures.months]
    return column_chart(
        slug="chart-attendance",
        title=_("Attendances by month"),
        description=_(
            "Adults and children who came, month by month: %(total)s attendances in all, most in %(busiest)s."
        )
        % {"total": figures.total.attendances, "busiest": _busiest(months, attendances)},
        category_heading=_("Month"),
        categories=months,
        series=[Series(_("Adults"), adults), Series(_("Children"), children)],
    )


def families_chart(figures: FunderFigures) -> Chart:
    months = [month_label(row.month) for row in figures.months]
    return column_chart(
        slug="chart-families",
        title=_("New and returning families by month"),
        description=_(
            "Families who came each month, new ones (in the month they first came) and returning ones: "
            "%(new)s new and %(returning)s returning families in the period."
        )
        % {"new": figures.total.new_families, "returning": figures.total.returning_families},
        category_heading=_("Month"),
        categories=months,
        series=[
            Series(_("New families"), [row.new_families for row in figures.months]),
            Series(_("Returning families"), [row.returning_families for row in figures.months]),
        ],
    )


def groups_chart(figures: FunderFigures) -> Chart:
    names = [row.name for row in figures.groups]
    attendances = [row.attendances for row in figures.groups]
    return bar_chart(
        slug="chart-groups",
        title=_("Groups compared: attendances"),
        description=ngettext(
            "Attendances at the %(count)s group or workshop in the period, one bar for it.",
            "Attendances at each of the %(count)s groups and workshops in the period; most at %(busiest)s.",
            len(names),
        )
        % {"count": len(names), "busiest": _busiest(names, attendances)},
        category_heading=_("Group or workshop"),
        categories=names,
        series=[Series(_("Attendances"), attendances)],
    )


def funder_charts(figures: FunderFigures) -> list[Chart]:
    """Attendance and families by month and the groups compared; none for a period with nothing held."""
    if figures.empty:
        return []
    return [attendance_chart(figures), families_chart(figures), groups_chart(figures)]


def _area_answer_charts(result: CheckInResult, number: int) -> list[Chart]:
    charts = []
    for question, (wording, shares) in enumerate(result.questions, start=1):
        charts.append(
            bar_chart(
                slug=f"chart-check-ins-{number}-{question}",
                # Translators: a chart's title, e.g. "Croydon: How often do you feel lonely?".
                title=_("%(area)s: %(question)s") % {"area": result.name, "question": wording},
                description=ngettext(
                    "How the %(count)s family who checked in answered, each answer with how many gave it.",
                    "How the %(count)s families who checked in answered, each answer with how many gave it.",
                    result.answers,
                )
                % {"count": result.answers},
                category_heading=_("Answer"),
                categories=[share.label for share in shares],
                series=[
                    Series(
                        _("Families (share)"),
                        [share.count for share in shares],
                        texts=[f"{share.count} ({share.percent}%)" for share in shares],
                    )
                ],
            )
        )
    return charts


def _lonely_text(percent: int | None) -> str:
    if percent is None:
        return _("Fewer than %(min)s answers") % {"min": MIN_ANSWERS}
    return f"{percent}%"


def lonely_chart(results: list[CheckInResult]) -> Chart | None:
    """Per programme, the share feeling lonely often, always or some of the time, first and later."""
    shown = [
        result
        for result in results
        if result.is_area and result.enough and (result.lonely_first is not None or result.lonely_later is not None)
    ]
    if not shown:
        return None
    return bar_chart(
        slug="chart-lonely",
        title=_("Feeling lonely often, always or some of the time"),
        description=_(
            "Per programme, the share of families who answered that they feel lonely often or always, or some of "
            "the time: after their first session and some weeks later. Shown only where %(min)s or more answered."
        )
        % {"min": MIN_ANSWERS},
        category_heading=_("Programme"),
        categories=[result.name for result in shown],
        series=[
            Series(
                _("After the first session"),
                [result.lonely_first or 0 for result in shown],
                texts=[_lonely_text(result.lonely_first) for result in shown],
            ),
            Series(
                _("Some weeks later"),
                [result.lonely_later or 0 for result in shown],
                texts=[_lonely_text(result.lonely_later) for result in shown],
            ),
        ],
        maximum=100,
        unit="%",
    )


def check_in_charts(results: list[CheckInResult]) -> list[tuple[CheckInResult, list[Chart]]]:
    """Each programme (area) with the charts of its answers; none for one with fewer than MIN_ANSWERS."""
    areas = [result for result in results if result.is_area]
    return [
        (result, _area_answer_charts(result, number) if result.enough else [])
        for number, result in enumerate(areas, start=1)
    ]
