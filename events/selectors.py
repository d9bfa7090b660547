"""Reads for the booking domain and the pages that show sessions.

Each function runs one query or a fixed few, whatever the number of groups or
sessions, so pages and feeds cost the same at any size.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Booking, Session, WaitingEntry
from .models.booking import LIVE_BOOKING_STATUSES, SessionStatus, WaitingStatus


def _live_booking_sum(field):
    return Coalesce(
        Subquery(
            Booking.objects.filter(session=OuterRef("pk"), status__in=LIVE_BOOKING_STATUSES)
            .order_by()
            .values("session")
            .annotate(total=Sum(field))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def sessions_with_places(queryset=None):
    """Sessions annotated with places booked, places left and waiting-list length."""
    queryset = Session.objects.all() if queryset is None else queryset
    waiting = Coalesce(
        Subquery(
            WaitingEntry.objects.filter(session=OuterRef("pk"), status=WaitingStatus.WAITING)
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return queryset.annotate(
        adults_booked=_live_booking_sum("adults"),
        creche_booked=_live_booking_sum("creche_children"),
        waiting_count=waiting,
    ).annotate(
        adult_places_left=F("adult_places") - F("adults_booked"),
        creche_places_left=F("creche_places") - F("creche_booked"),
    )


def sessions_upcoming(*, pages=None, area=None, after=None, include_cancelled=True, limit=None):
    """Future sessions of live, public pages, soonest first, with places left.

    `pages` limits to those group or workshop pages (ids or pages); `area` to the
    groups under an AreaPage. Cancelled sessions are included (so families see that
    a date is off) unless `include_cancelled` is False.
    """
    after = after or timezone.now()
    queryset = Session.objects.filter(end__gte=after, page__live=True)
    if pages is not None:
        queryset = queryset.filter(page__in=[getattr(page, "pk", page) for page in pages])
    if area is not None:
        queryset = queryset.filter(page__path__startswith=area.path, page__depth__gt=area.depth)
    if not include_cancelled:
        queryset = queryset.exclude(status=SessionStatus.CANCELLED)
    queryset = sessions_with_places(queryset.select_related("page", "venue")).order_by("start", "pk")
    return queryset[:limit] if limit else queryset


def session_places_left(*, session) -> dict:
    """Adult and creche places left in one session (one query)."""
    row = (
        sessions_with_places(Session.objects.filter(pk=session.pk))
        .values("adult_places_left", "creche_places_left", "waiting_count")
        .get()
    )
    return row


def home_page_listing(*, home):
    return {}


def area_page_listing(*, area):
    return {}


def group_page_listing(*, group):
    return {}


def workshop_index_listing(*, index_page):
    return {}


def workshop_page_listing(*, workshop):
    return {}


__all__ = ["session_places_left", "sessions_upcoming", "sessions_with_places"]
