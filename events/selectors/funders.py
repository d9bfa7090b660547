"""The figures funders ask for over a period: per group, per area and in total."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from events.models import AreaPage, Booking, BookingStatus, Session, SessionStatus
from events.recurrence import LOCAL_TZ, local_datetime
from home.permissions import pages_editable_by


@dataclass
class FunderRow:
    name: str
    sessions_held: int = 0
    adults: int = 0
    children: int = 0
    new_families: int = 0
    returning_families: int = 0
    # Households behind the counts, so areas and the total count a family once.
    households: set = field(default_factory=set, repr=False)
    new_households: set = field(default_factory=set, repr=False)
    # The first day of the month, for a row of the monthly breakdown.
    month: dt.date | None = None

    @property
    def attendances(self) -> int:
        return self.adults + self.children

    @property
    def families(self) -> int:
        return self.new_families + self.returning_families

    def add(self, other: "FunderRow") -> None:
        self.sessions_held += other.sessions_held
        self.adults += other.adults
        self.children += other.children
        self.households |= other.households
        self.new_households |= other.new_households
        self.recount()

    def recount(self) -> None:
        self.new_families = len(self.new_households)
        self.returning_families = len(self.households - self.new_households)


@dataclass
class FunderFigures:
    first: dt.date
    last: dt.date
    groups: list[FunderRow]
    areas: list[FunderRow]
    total: FunderRow
    # Every month of the period, in order, with zeros where nothing was held.
    months: list[FunderRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups


def _month_start(value) -> dt.date:
    """The first day of the month TruncMonth gave, as a local date whatever the database returns."""
    return value.astimezone(LOCAL_TZ).date() if isinstance(value, dt.datetime) else value


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def funder_figures(
    *, user, first: dt.date, last: dt.date, groups=None, now: dt.datetime | None = None
) -> FunderFigures:
    """Sessions held, attendances, families (new and returning), adults and children from
    `first` to `last`, for the groups and workshops `user` may edit (narrowed to the page
    ids in `groups` if given), per group, area, month and in total. Four queries whatever
    the size: each counts per group and month at once.

    Attendances are the people ticked "came", walk-ins and drop-in headcounts. Families
    are counted by `household_ref`, which survives the yearly purge, once however often
    they came or booked. A walk-in who left no details is counted as people but not as a
    family: nothing tells whether it came before. A family is new if it had never come to
    any of the programme's groups or workshops before `first`, and returning otherwise;
    month by month, a new family is new in the month it first came and returning after.
    """
    now = now or timezone.now()
    start = local_datetime(first, dt.time())
    held = (
        Session.objects.filter(
            start__gte=start,
            start__lt=min(local_datetime(last + dt.timedelta(days=1), dt.time()), now),
            page__in=pages_editable_by(user),
        )
        .exclude(status=SessionStatus.CANCELLED)
        .order_by()
    )
    if groups is not None:
        held = held.filter(page__in=groups)
    rows: dict[int, FunderRow] = {}
    paths: dict[int, str] = {}
    months = {month: FunderRow("", month=month) for month in _months_between(first, last)}
    for row in (
        held.annotate(month=TruncMonth("start", tzinfo=LOCAL_TZ))
        .values("page_id", "page__title", "page__path", "month")
        .annotate(
            count=Count("pk"),
            head_adults=Coalesce(Sum("headcount_adults"), 0),
            head_children=Coalesce(Sum("headcount_children"), 0),
        )
    ):
        group = rows.setdefault(row["page_id"], FunderRow(row["page__title"]))
        paths[row["page_id"]] = row["page__path"]
        for counted in (group, months[_month_start(row["month"])]):
            counted.sessions_held += row["count"]
            counted.adults += row["head_adults"]
            counted.children += row["head_children"]

    came = (
        Booking.objects.filter(status=BookingStatus.ATTENDED, session__in=held)
        .annotate(month=TruncMonth("session__start", tzinfo=LOCAL_TZ))
        .order_by()
    )
    booked_twice = Booking.objects.filter(
        session_id=OuterRef("session_id"),
        household_ref=OuterRef("household_ref"),
        status=BookingStatus.ATTENDED,
        pk__lt=OuterRef("pk"),
    )
    for row in (
        came.exclude(Exists(booked_twice))
        .values("session__page_id", "month")
        .annotate(adults=Sum("adults"), children=Sum("children"))
    ):
        for counted in (rows[row["session__page_id"]], months[_month_start(row["month"])]):
            counted.adults += row["adults"] or 0
            counted.children += row["children"] or 0

    came_before = Booking.objects.filter(
        household_ref=OuterRef("household_ref"), status=BookingStatus.ATTENDED, session__start__lt=start
    ).exclude(session__status=SessionStatus.CANCELLED)
    named = came.exclude(walk_in=True, contact__isnull=True)
    first_came: dict = {}
    for page_id, month, household, returning in (
        named.annotate(returning=Exists(came_before))
        .values_list("session__page_id", "month", "household_ref", "returning")
        .distinct()
    ):
        month = _month_start(month)
        rows[page_id].households.add(household)
        months[month].households.add(household)
        if not returning:
            rows[page_id].new_households.add(household)
            first_came[household] = min(month, first_came.get(household, month))
    for household, month in first_came.items():
        months[month].new_households.add(household)
    for row in [*rows.values(), *months.values()]:
        row.recount()

    area_titles = dict(
        AreaPage.objects.filter(path__in={path[: -AreaPage.steplen] for path in paths.values()}).values_list(
            "path", "title"
        )
    )
    areas: dict[str, FunderRow] = {}
    total = FunderRow("")
    for page_id, row in rows.items():
        area = area_titles.get(paths[page_id][: -AreaPage.steplen], "")
        areas.setdefault(area, FunderRow(area)).add(row)
        total.add(row)
    return FunderFigures(
        first=first,
        last=last,
        groups=sorted(rows.values(), key=lambda row: row.name.lower()),
        # Workshops belong to no area; their row, named "", comes last.
        areas=sorted(areas.values(), key=lambda row: (row.name == "", row.name.lower())),
        total=total,
        months=list(months.values()),
    )
