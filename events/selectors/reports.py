"""Attendance reports for funders and coordinators."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from events.models.bookings import Booking
from events.models.schedules import Session, SessionStatus
from events.recurrence import LOCAL_TZ, local_datetime
from home.permissions import pages_editable_by


@dataclass
class AttendanceRow:
    page_id: int
    group: str
    month: dt.date
    sessions_held: int = 0
    adults: int = 0
    children: int = 0
    families: int = 0
    first_timers: int = 0

    @property
    def attendances(self) -> int:
        return self.adults + self.children


def attendance_summary(*, user, first: dt.date, last: dt.date, now: dt.datetime | None = None) -> list[AttendanceRow]:
    """Per group (or workshop) and month, for funders: sessions held, people who came, distinct
    families and families coming for the first time. Two queries whatever the size.

    Attendances are the ticked register (bookings and walk-ins marked "came") plus
    the headcounts of drop-in sessions. Families are counted by `household_ref`, which
    outlives the personal details, so the numbers survive the yearly purge. A family
    is a first-timer in the month of its first attended session with that group. A
    family ticked twice in one session (it booked twice) counts once, with the
    numbers of its first booking.
    """
    now = now or timezone.now()
    held = Q(start__gte=local_datetime(first, dt.time())) & Q(
        start__lt=local_datetime(last + dt.timedelta(days=1), dt.time())
    )
    sessions = (
        Session.objects.filter(held, page__in=pages_editable_by(user), start__lt=now)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(month=TruncMonth("start", tzinfo=LOCAL_TZ))
        .values("page_id", "page__title", "month")
        .annotate(
            held=Count("pk"),
            head_adults=Coalesce(Sum("headcount_adults"), 0),
            head_children=Coalesce(Sum("headcount_children"), 0),
        )
        .order_by()
    )
    rows: dict[tuple, AttendanceRow] = {}
    for row in sessions:
        month = row["month"].astimezone(LOCAL_TZ).date() if isinstance(row["month"], dt.datetime) else row["month"]
        rows[(row["page_id"], month)] = AttendanceRow(
            page_id=row["page_id"],
            group=row["page__title"],
            month=month,
            sessions_held=row["held"],
            adults=row["head_adults"],
            children=row["head_children"],
        )
    came_before = Booking.objects.filter(
        household_ref=OuterRef("household_ref"),
        session__page_id=OuterRef("session__page_id"),
        status="attended",
        session__start__lt=OuterRef("month"),
    )
    ticked_earlier = Booking.objects.filter(
        session_id=OuterRef("session_id"),
        household_ref=OuterRef("household_ref"),
        status="attended",
        pk__lt=OuterRef("pk"),
    )
    attended = (
        Booking.objects.filter(
            status="attended", session__in=Session.objects.filter(held, page__in=pages_editable_by(user))
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(Exists(ticked_earlier))
        .filter(session__start__lt=now)
        .annotate(month=TruncMonth("session__start", tzinfo=LOCAL_TZ))
        .annotate(returning=Exists(came_before))
        .values("session__page_id", "month")
        .annotate(
            adults=Sum("adults"),
            children=Sum("children"),
            families=Count("household_ref", distinct=True),
            first_timers=Count("household_ref", distinct=True, filter=Q(returning=False)),
        )
        .order_by()
    )
    for row in attended:
        month = row["month"].astimezone(LOCAL_TZ).date() if isinstance(row["month"], dt.datetime) else row["month"]
        summary = rows.get((row["session__page_id"], month))
        if summary is None:
            continue
        summary.adults += row["adults"] or 0
        summary.children += row["children"] or 0
        summary.families = row["families"]
        summary.first_timers = row["first_timers"]
    return sorted(rows.values(), key=lambda row: (row.group.lower(), row.month))
