"""A page of a long listing in one query.

Paginator counts the rows before it reads a page of them: two queries. Here each row
carries the count of them all (a window count over the same query), so the page and
its "Page 2 of 5" come together, and a listing costs the same number of queries
whether or not it is split into pages.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

# The largest whole number SQLite and PostgreSQL hold: a row offset beyond it is an error.
_LARGEST_OFFSET = 2**63 - 1


def page_of(queryset, *, per_page: int, number) -> Page:
    """Page `number` of `queryset`, as Paginator(queryset, per_page).get_page(number) gives it.

    A page number that is not a number shows the first page; one out of range (0, or
    past the end) the last, which costs a query or two more: only a hand-made address
    asks for one.
    """
    rows = queryset.annotate(rows_in_all=Window(Count("pk")))
    paginator = Paginator(rows, per_page)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    if 0 <= start <= _LARGEST_OFFSET - per_page:
        object_list = list(rows[start : start + per_page])
        if object_list or number == 1:
            # count is a cached property: set here, Paginator never runs its own count query.
            paginator.count = object_list[0].rows_in_all if object_list else 0
            return Page(object_list, number, paginator)
    return paginator.page(paginator.num_pages)
