"""Grants and the periods a funder report is asked for."""

import datetime as dt

from django.db.models import Q, QuerySet
from wagtail.models import Page

from events.models import Grant

# The UK financial year, which most funders report by.
FINANCIAL_YEAR_START_MONTH = 4


def last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last full calendar quarter before `today`'s."""
    this_quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = this_quarter - dt.timedelta(days=1)
    return dt.date(last.year, last.month - 2, 1), last


def financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """1 April to 31 March: the financial year `today` falls in."""
    year = today.year if today.month >= FINANCIAL_YEAR_START_MONTH else today.year - 1
    first = dt.date(year, FINANCIAL_YEAR_START_MONTH, 1)
    return first, first.replace(year=year + 1) - dt.timedelta(days=1)


def grants_listed() -> QuerySet:
    return Grant.objects.order_by("-starts_on", "funder")


def grant_pages(grant: Grant) -> QuerySet:
    """Ids of the groups and workshops a grant funds: its groups, and every page in its areas."""
    funded = Q(pk__in=grant.groups.values("pk"))
    for path, depth in grant.areas.values_list("path", "depth"):
        funded |= Q(path__startswith=path, depth__gt=depth)
    return Page.objects.filter(funded).values("pk")
