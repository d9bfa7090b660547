"""Every write to the booking domain goes through a function in this module.

Public views, the Wagtail admin and management commands all call these, so they
behave the same wherever a change starts. Side effects (emails) are queued with
transaction.on_commit, so a failed send never undoes a change.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Schedule, Session
from .models.booking import SessionStatus
from .recurrence import LOCAL_TZ, schedule_occurrences

logger = logging.getLogger(__name__)


def sessions_sync(*, schedule: Schedule, today: dt.date | None = None, horizon_days: int | None = None) -> dict:
    """Bring a schedule's session rows in step with its rule, up to the horizon.

    Idempotent. Adds missing sessions; deletes future sessions that left the rule
    and have never been booked, cancelled or moved; cancels (never deletes) booked
    ones that left the rule; updates time, length, venue and places of untouched
    future sessions. Past sessions and sessions staff changed are never touched.
    """
    from .services_notify import notify_session_cancelled  # noqa: PLC0415 (avoid import cycle)

    today = today or timezone.localdate()
    horizon_days = horizon_days if horizon_days is not None else settings.GATHER_SESSION_HORIZON_DAYS
    last = today + dt.timedelta(days=horizon_days)
    now = timezone.now()
    wanted = {start: end for start, end in schedule_occurrences(schedule, first=today, last=last)}
    venue_id = schedule.venue_id or getattr(schedule.page.specific, "venue_id", None)

    added = updated = removed = cancelled = 0
    with transaction.atomic():
        existing = {
            session.occurrence_start: session
            for session in Session.objects.select_for_update()
            .filter(schedule=schedule, occurrence_start__gte=now)
            .prefetch_related("bookings")
        }
        for occurrence_start, session in existing.items():
            if occurrence_start in wanted:
                continue
            if session.status != SessionStatus.SCHEDULED:
                continue  # staff cancelled or moved it: theirs to keep
            if session.bookings.exists():
                session.status = SessionStatus.CANCELLED
                session.status_reason = session.status_reason or "This date is no longer in the group's schedule."
                session.sequence += 1
                session.save()
                cancelled += 1
                transaction.on_commit(lambda s=session: notify_session_cancelled(session_id=s.pk))
            else:
                session.delete()
                removed += 1
        for start, end in wanted.items():
            if start < now:
                continue
            session = existing.get(start)
            if session is None:
                Session.objects.create(
                    page_id=schedule.page_id,
                    schedule=schedule,
                    occurrence_start=start,
                    start=start,
                    end=end,
                    venue_id=venue_id,
                    booking_mode=schedule.booking_mode,
                    adult_places=schedule.adult_places,
                    creche_places=schedule.creche_places,
                )
                added += 1
            elif session.status == SessionStatus.SCHEDULED:
                changes = {
                    "end": end,
                    "venue_id": venue_id,
                    "booking_mode": schedule.booking_mode,
                    "adult_places": schedule.adult_places,
                    "creche_places": schedule.creche_places,
                }
                if any(getattr(session, field) != value for field, value in changes.items()):
                    for field, value in changes.items():
                        setattr(session, field, value)
                    session.sequence += 1
                    session.save()
                    updated += 1
    if added or updated or removed or cancelled:
        logger.info(
            "Synced %s: %d added, %d updated, %d removed, %d cancelled",
            schedule,
            added,
            updated,
            removed,
            cancelled,
        )
    return {"added": added, "updated": updated, "removed": removed, "cancelled": cancelled}


def page_sessions_sync(*, page, today: dt.date | None = None) -> dict:
    """Sync every schedule of a group or workshop page, and drop sessions of deleted schedules."""
    totals = {"added": 0, "updated": 0, "removed": 0, "cancelled": 0}
    for schedule in Schedule.objects.filter(page_id=page.pk):
        for key, value in sessions_sync(schedule=schedule, today=today).items():
            totals[key] += value
    return totals


__all__ = ["LOCAL_TZ", "page_sessions_sync", "sessions_sync"]
