"""Sessions: keeping them in step with their schedules, and staff cancelling, moving and adding them."""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale, Page

from events.models.bookings import LIVE_BOOKING_STATUSES, WaitingStatus
from events.models.messages import MessageKind
from events.models.pages import GroupPage, WorkshopPage
from events.models.schedules import DATE_DROPPED_REASON, BookingMode, Schedule, Session, SessionStatus
from events.recurrence import local_datetime, schedule_occurrences
from events.services._locking import lock, locked_session
from events.services_notify import session_change_messages_queue
from home.localization import is_source_page
from home.text import line_break_in, text_clean

logger = logging.getLogger(__name__)


def _session_notice_queue(session: Session, kind: str) -> None:
    """Email families booked on or waiting for `session` that it was cancelled or moved."""
    session_change_messages_queue(session=session, kind=kind)


def sessions_sync(*, schedule: Schedule, today: dt.date | None = None, horizon_days: int | None = None) -> dict:
    """Bring a schedule's session rows in step with its rule, up to the horizon.

    Idempotent. Adds missing sessions; deletes future sessions that left the rule
    and have never been booked, cancelled or moved; cancels (never deletes) booked
    ones that left the rule, telling the families; updates length, venue and places
    of untouched future sessions, telling the families of a new venue or length.
    Past sessions and sessions staff changed are never touched. What it would do to
    sessions with families can be read beforehand (selectors.schedule_changes).
    """
    today = today or timezone.localdate()
    horizon_days = horizon_days if horizon_days is not None else settings.GATHER_SESSION_HORIZON_DAYS
    last = today + dt.timedelta(days=horizon_days)
    now = timezone.now()
    wanted = dict(schedule_occurrences(schedule, first=today, last=last))
    venue_id = schedule.venue_id or getattr(schedule.page.specific, "venue_id", None)

    added = updated = removed = cancelled = 0
    # Only sessions from the start of `today` on are in play: the same window as `wanted`.
    window_start = max(now, local_datetime(today, dt.time()))
    with transaction.atomic():
        existing = {
            session.occurrence_start: session
            for session in lock(Session.objects.filter(schedule=schedule, occurrence_start__gte=window_start))
        }
        for occurrence_start, session in existing.items():
            if occurrence_start in wanted or session.status != SessionStatus.SCHEDULED:
                continue  # still wanted, or staff cancelled or moved it: theirs to keep
            if _session_has_families(session):
                _session_cancel_locked(session, reason=DATE_DROPPED_REASON)
                cancelled += 1
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
                if any(getattr(session, name) != value for name, value in changes.items()):
                    # A new venue or length is news to the families already coming: they
                    # hear it as a moved session, with where and when it was before.
                    told = (session.end, session.venue_id) != (end, venue_id) and _session_has_families(session)
                    if told:
                        session.moved_from_start, session.moved_from_end = session.start, session.end
                        session.moved_from_venue_id = session.venue_id
                    for name, value in changes.items():
                        setattr(session, name, value)
                    session.sequence += 1
                    session.save()
                    if told:
                        _session_notice_queue(session, MessageKind.SESSION_MOVED)
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


def _session_has_families(session: Session) -> bool:
    return (
        session.bookings.filter(status__in=LIVE_BOOKING_STATUSES).exists()
        or session.waiting_entries.filter(status=WaitingStatus.WAITING).exists()
    )


def page_sessions_sync(*, page, today: dt.date | None = None) -> dict:
    """Sync every schedule of a group or workshop page, and tidy up after deleted schedules.

    A deleted schedule leaves its sessions with no schedule but with the date the
    rule gave them (`occurrence_start`): future ones are removed, or cancelled with
    notice when a family is booked or waiting. Sessions staff added by hand have no
    `occurrence_start` and are kept.
    """
    totals = {"added": 0, "updated": 0, "removed": 0, "cancelled": 0}
    if not is_source_page(page):
        # A translation's schedules are copies of the English page's, which make the sessions.
        return totals
    for schedule in Schedule.objects.filter(page_id=page.pk).select_related("page"):
        for key, value in sessions_sync(schedule=schedule, today=today).items():
            totals[key] += value
    with transaction.atomic():
        orphans = lock(
            Session.objects.filter(
                page_id=page.pk,
                schedule__isnull=True,
                occurrence_start__isnull=False,
                start__gte=timezone.now(),
                status=SessionStatus.SCHEDULED,
            )
        )
        for session in orphans:
            if _session_has_families(session):
                _session_cancel_locked(session, reason=DATE_DROPPED_REASON)
                totals["cancelled"] += 1
            else:
                session.delete()
                totals["removed"] += 1
    return totals


def all_sessions_sync(*, today: dt.date | None = None) -> dict:
    """Roll every published group and workshop forward to the horizon (daily, `manage.py sync_sessions`)."""
    totals = {"pages": 0, "added": 0, "updated": 0, "removed": 0, "cancelled": 0}
    # English pages only: translations carry copies of the same schedules (home/localization.py).
    source_pages = Page.objects.live().filter(
        schedules__isnull=False, alias_of__isnull=True, locale=Locale.get_default()
    )
    for page in source_pages.distinct().order_by("pk"):
        for key, value in page_sessions_sync(page=page, today=today).items():
            totals[key] += value
        totals["pages"] += 1
    return totals


def _session_cancel_locked(session: Session, *, reason: str) -> None:
    session.status = SessionStatus.CANCELLED
    session.status_reason = reason
    session.sequence += 1
    session.save()
    _session_notice_queue(session, MessageKind.SESSION_CANCELLED)


def session_cancel(*, session: Session, reason: str, by=None) -> Session:
    """Cancel one session and tell every family booked or waiting, by email and text.

    Bookings stay as they were, so staff can see who was affected. Later edits of
    the schedule leave a cancelled session alone.
    """
    reason = _reason_clean(reason)
    if not reason:
        raise ValidationError(_("Say why the session is cancelled: families will see it."), code="reason")
    with transaction.atomic():
        session = locked_session(session)
        if session.status == SessionStatus.CANCELLED:
            return session
        if session.start <= timezone.now():
            raise ValidationError(_("This session has already started, so it cannot be cancelled."), code="past")
        _session_cancel_locked(session, reason=reason)
        log(instance=session, action="events.session_cancel", user=by, data={"reason": reason})
    return session


def session_move(
    *, session: Session, start: dt.datetime, end: dt.datetime, venue=None, reason: str = "", by=None
) -> Session:
    """Move one session to a new time and/or venue (None keeps the venue) and tell the families.

    The session keeps its bookings and waiting list, and the date the schedule gave it,
    so later edits of the schedule leave it where staff put it.
    """
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("session_move needs aware datetimes")
    if end <= start:
        raise ValidationError(_("The session must end after it starts."), code="end_before_start")
    if start <= timezone.now():
        raise ValidationError(_("Choose a time that has not passed yet."), code="past")
    reason = _reason_clean(reason)
    with transaction.atomic():
        session = locked_session(session)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(_("This session is cancelled. Add a new session instead."), code="cancelled")
        if session.start <= timezone.now():
            raise ValidationError(_("This session has already started, so it cannot be moved."), code="started")
        venue_id = venue.pk if venue is not None else session.venue_id
        if (session.start, session.end, session.venue_id) == (start, end, venue_id):
            return session
        session.moved_from_start, session.moved_from_end = session.start, session.end
        session.moved_from_venue_id = session.venue_id
        session.start, session.end, session.venue_id = start, end, venue_id
        session.status = SessionStatus.MOVED
        if reason:
            session.status_reason = reason
        session.sequence += 1
        session.save()
        _session_notice_queue(session, MessageKind.SESSION_MOVED)
        log(
            instance=session,
            action="events.session_move",
            user=by,
            data={"start": start.isoformat(), "end": end.isoformat(), "venue_id": venue_id},
        )
    return session


def session_add(
    *,
    page: Page,
    start: dt.datetime,
    end: dt.datetime,
    venue=None,
    booking_mode: str = BookingMode.BOOK,
    adult_places: int = 12,
    creche_places: int = 0,
    by=None,
) -> Session:
    """Add one session by hand (an extra meeting, a one-off workshop date).

    It belongs to no schedule, so syncing schedules never touches it. The venue
    defaults to the page's usual venue.
    """
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("session_add needs aware datetimes")
    if end <= start:
        raise ValidationError(_("The session must end after it starts."), code="end_before_start")
    if start <= timezone.now():
        raise ValidationError(_("Choose a time that has not passed yet."), code="past")
    specific = page.specific
    if not isinstance(specific, GroupPage | WorkshopPage):
        raise ValidationError(_("Sessions can only be added to a group or a workshop."), code="page_type")
    session = Session(
        page=page,
        start=start,
        end=end,
        venue_id=venue.pk if venue is not None else getattr(specific, "venue_id", None),
        booking_mode=booking_mode,
        adult_places=adult_places,
        creche_places=creche_places,
    )
    session.full_clean()
    with transaction.atomic():
        session.save()
        log(instance=session, action="wagtail.create", user=by)
    return session


def _reason_clean(reason: str) -> str:
    if line_break_in(reason.strip()):
        raise ValidationError(_("Please write the reason on one line."), code="reason")
    return text_clean(reason).strip()
