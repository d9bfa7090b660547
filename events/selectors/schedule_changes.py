"""What saving a page's edited schedules would do to sessions families have booked, before anything is saved.

It answers in the terms of `sessions_sync` and `page_sessions_sync`, which carry the
change out when the page is published: a session keyed by the date and time its rule
gave it (`occurrence_start`) is cancelled with notice when that date and time leave
the rule or its schedule is deleted, so a new start time cancels the booked session
and makes a new one; an untouched session that keeps its date but gets another venue
or length is changed and its families are told it moved.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from events.models.bookings import LIVE_BOOKING_STATUSES, BookingStatus, WaitingStatus
from events.models.schedules import DATE_DROPPED_REASON, Schedule, Session, SessionStatus
from events.recurrence import LOCAL_TZ, local_datetime, schedule_occurrences
from home.localization import is_source_page

# What families read in the "session moved" message: the new day, time and place.
MOVED_TOLD = gettext_lazy("The session has changed: they are sent its new time and place.")


@dataclass(frozen=True)
class SessionChange:
    """One session with families that the edit would cancel or change."""

    session_id: int
    start: dt.datetime
    end: dt.datetime
    cancelled: bool
    booked: int
    waiting: int
    by_email: int
    by_text: int
    # For a change: the new end and venue name; for a cancellation at a new time, the new start.
    new_start: dt.datetime | None = None
    new_end: dt.datetime | None = None
    new_venue: str = ""

    @property
    def told(self) -> str:
        """What the families read about it, in the active language."""
        return gettext(DATE_DROPPED_REASON) if self.cancelled else str(MOVED_TOLD)


def _sessions_with_families(page_id: int, now: dt.datetime):
    def families(relation, status_q, contact_q=None):
        condition = status_q & (contact_q if contact_q is not None else Q())
        return Count(relation, filter=condition, distinct=True)

    booked_q = Q(bookings__status__in=LIVE_BOOKING_STATUSES)
    told_booked_q = Q(bookings__status=BookingStatus.CONFIRMED)
    waiting_q = Q(waiting_entries__status=WaitingStatus.WAITING)
    return (
        Session.objects.filter(
            page_id=page_id,
            status=SessionStatus.SCHEDULED,
            occurrence_start__isnull=False,
            occurrence_start__gte=now,
        )
        .annotate(
            booked=families("bookings", booked_q),
            waiting=families("waiting_entries", waiting_q),
            booked_emails=families("bookings", told_booked_q, ~Q(bookings__contact__email="")),
            waiting_emails=families("waiting_entries", waiting_q, ~Q(waiting_entries__contact__email="")),
            booked_texts=families(
                "bookings",
                told_booked_q,
                ~Q(bookings__contact__phone="") & Q(bookings__contact__texts_agreed_at__isnull=False),
            ),
            waiting_texts=families(
                "waiting_entries",
                waiting_q,
                ~Q(waiting_entries__contact__phone="") & Q(waiting_entries__contact__texts_agreed_at__isnull=False),
            ),
        )
        .filter(Q(booked__gt=0) | Q(waiting__gt=0))
        .order_by("start")
    )


def schedule_change_impact(*, page, schedules: list[Schedule], today: dt.date | None = None) -> list[SessionChange]:
    """The future sessions with families booked or waiting that publishing `schedules` would cancel or change.

    `page` is the group or workshop as edited (its venue is the sessions' venue when a
    schedule names none); `schedules` are the schedules it would keep, saved or not.
    A saved schedule of the page missing from them counts as deleted. One query for
    the default language, one for the sessions and their families, and one for the
    new venue's name when a venue changes.
    """
    if page.pk is None or not is_source_page(page):
        return []
    today = today or timezone.localdate()
    last = today + dt.timedelta(days=settings.GATHER_SESSION_HORIZON_DAYS)
    now = max(timezone.now(), local_datetime(today, dt.time()))
    kept = {schedule.pk: schedule for schedule in schedules if schedule.pk is not None}
    wanted_by_schedule = {}
    changes = []
    for session in _sessions_with_families(page.pk, now):
        schedule = kept.get(session.schedule_id)
        counts = {
            "session_id": session.pk,
            "start": session.start,
            "end": session.end,
            "booked": session.booked,
            "waiting": session.waiting,
            "by_email": session.booked_emails + session.waiting_emails,
            "by_text": session.booked_texts + session.waiting_texts,
        }
        if schedule is None:
            changes.append(SessionChange(cancelled=True, **counts))
            continue
        if schedule.pk not in wanted_by_schedule:
            wanted_by_schedule[schedule.pk] = dict(schedule_occurrences(schedule, first=today, last=last))
        wanted = wanted_by_schedule[schedule.pk]
        if session.occurrence_start not in wanted:
            day = session.occurrence_start.astimezone(LOCAL_TZ).date()
            same_day = [start for start in wanted if start.astimezone(LOCAL_TZ).date() == day]
            changes.append(SessionChange(cancelled=True, new_start=same_day[0] if same_day else None, **counts))
            continue
        venue_id = schedule.venue_id or getattr(page, "venue_id", None)
        new_end = wanted[session.occurrence_start]
        if new_end != session.end or venue_id != session.venue_id:
            venue = (schedule.venue if schedule.venue_id else page.venue) if venue_id else None
            changes.append(
                SessionChange(cancelled=False, new_end=new_end, new_venue=venue.name if venue else "", **counts)
            )
    return changes
