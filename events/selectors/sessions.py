"""Sessions as families see them: public, upcoming, with places left, and the run a session belongs to."""

import datetime as dt

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from events.models.bookings import LIVE_BOOKING_STATUSES, Booking, WaitingEntry, WaitingStatus
from events.models.schedules import BookingMode, Session, SessionStatus
from events.recurrence import local_datetime
from home.localization import title_in_language
from home.page_visibility import public_pages_q


def sessions_public():
    """Sessions of pages anyone may see: where every public list and feed of sessions starts."""
    return Session.objects.filter(public_pages_q("page"))


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


def sessions_with_places_left(queryset):
    """Sessions annotated with places booked and places left (adults and creche), without the waiting list.

    What booking needs: the public booking page and the count under the session's lock
    read this, not the waiting list's length, whose subquery every booking would pay for.
    """
    return queryset.annotate(
        adults_booked=_live_booking_sum("adults"),
        creche_booked=_live_booking_sum("creche_children"),
    ).annotate(
        adult_places_left=F("adult_places") - F("adults_booked"),
        creche_places_left=F("creche_places") - F("creche_booked"),
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
    return sessions_with_places_left(queryset.annotate(waiting_count=waiting))


def sessions_titled(queryset):
    """Sessions with `title_in_language` (their page's title in the reader's language), in the same query."""
    title = title_in_language("page__translation_key")
    return queryset if title is None else queryset.annotate(title_in_language=title)


def sessions_upcoming(*, pages=None, area=None, after=None, include_cancelled=True, limit=None):
    """Future sessions of pages anyone may see, soonest first, with places left.

    `pages` limits to those group or workshop pages (ids or pages); `area` to the
    groups under an AreaPage. Cancelled sessions are included (so families see that
    a date is off) unless `include_cancelled` is False.
    """
    after = after or timezone.now()
    queryset = sessions_public().filter(end__gte=after)
    if pages is not None:
        # A page in another language shows its English twin's sessions (home/localization.py).
        ids = [page for page in pages if isinstance(page, int)]
        keys = [page.translation_key for page in pages if not isinstance(page, int)]
        queryset = queryset.filter(Q(page__in=ids) | Q(page__translation_key__in=keys))
    if area is not None:
        # The area's groups in the area's own tree, and their twins' sessions.
        groups = Page.objects.filter(path__startswith=area.path, depth__gt=area.depth).values("translation_key")
        queryset = queryset.filter(page__translation_key__in=groups)
    if not include_cancelled:
        queryset = queryset.exclude(status=SessionStatus.CANCELLED)
    queryset = sessions_titled(sessions_with_places(queryset.select_related("page", "venue")).order_by("start", "pk"))
    return queryset[:limit] if limit else queryset


def session_places_left(*, session) -> dict:
    """Adult and creche places left in one session (one query)."""
    row = (
        sessions_with_places(Session.objects.filter(pk=session.pk))
        .values("adult_places_left", "creche_places_left", "waiting_count")
        .get()
    )
    return row


def session_for_booking(*, session_id: int) -> Session | None:
    """One session of a page anyone may see, with its page, venue, places left and its
    group's cost (`page_cost`, None for a workshop), in one query."""
    return (
        sessions_titled(
            sessions_with_places_left(sessions_public().filter(pk=session_id)).select_related(
                "page", "venue", "moved_from_venue", "schedule"
            )
        )
        .annotate(page_cost=F("page__grouppage__cost"))
        .first()
    )


def sessions_with_room_after(*, session: Session, limit: int = 3) -> list[Session]:
    """The next sessions of the same group or workshop that a family can still book (one query).

    Offered on a full session's page beside its waiting list.
    """
    later = (
        sessions_upcoming(pages=[session.page_id], after=session.end, include_cancelled=False)
        .filter(booking_mode=BookingMode.BOOK, adult_places_left__gt=0)
        .exclude(pk=session.pk)
    )
    return list(later[:limit])


def session_run(*, session: Session, now: dt.datetime | None = None) -> list[Session]:
    """The sessions "book every session of this run" would book: this one and the next ones of its schedule.

    From the chosen date forward only, never a cancelled or past date, never past the
    schedule's last date, and no more than the schedule's `run_booking_limit` in all.
    A session staff added by hand is a run of one.
    """
    if session.schedule_id is None:
        return [session]
    now = now or timezone.now()
    schedule = session.schedule
    later = (
        Session.objects.filter(
            schedule_id=session.schedule_id,
            start__gte=session.start,
            start__gt=now,
            booking_mode=session.booking_mode,
        )
        .exclude(pk=session.pk)
        .exclude(status=SessionStatus.CANCELLED)
    )
    if schedule.ends_on is not None:
        later = later.filter(start__lt=local_datetime(schedule.ends_on + dt.timedelta(days=1), dt.time()))
    return [session, *later.order_by("start", "pk")[: max(schedule.run_booking_limit - 1, 0)]]
