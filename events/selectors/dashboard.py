"""What a leader sees first in the admin: their next sessions, what changed lately, what went wrong.

Each list is limited to the pages the user may edit (home.permissions.pages_editable_by)
and bounded, so the admin's home page costs the same few queries however many groups
and bookings there are. Families appear by first name and party size only, as in the
bookings list.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from events.models import Booking, BookingStatus, Session, WaitingEntry, WaitingStatus
from events.selectors.staff import bookings_for_staff, sessions_for_staff
from events.selectors.texts import TextGoneWrong, messages_gone_wrong_for_staff, texts_gone_wrong_rows
from home.permissions import pages_editable_by

# How far ahead the next sessions and how far back the changes and failures reach.
SESSIONS_AHEAD = dt.timedelta(days=7)
CHANGES_BACK = dt.timedelta(days=7)
FAILURES_BACK = dt.timedelta(days=14)


def _local_midnight(now: dt.datetime) -> dt.datetime:
    day = timezone.localtime(now, timezone.get_default_timezone()).date()
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_default_timezone())


def dashboard_sessions(*, user, now: dt.datetime, limit: int) -> list[Session]:
    """The user's sessions from the start of today to a week ahead, soonest first, with places (one query).

    Each has `is_today`, for the register button: a register is taken on the day.
    """
    midnight = _local_midnight(now)
    sessions = list(
        sessions_for_staff(user=user)
        .filter(start__gte=midnight, start__lt=midnight + SESSIONS_AHEAD + dt.timedelta(days=1))
        .order_by("start", "pk")[:limit]
    )
    tomorrow = midnight + dt.timedelta(days=1)
    for session in sessions:
        session.is_today = session.start < tomorrow
    return sessions


@dataclass(frozen=True)
class Change:
    """A booking, cancellation or waiting-list change, as the leader reads it."""

    at: dt.datetime
    what: str
    first_name: str
    people: int
    session: Session


BOOKED, CANCELLED, GIVEN_PLACE, JOINED_WAITING, LEFT_WAITING = (
    "booked",
    "cancelled",
    "given_place",
    "joined_waiting",
    "left_waiting",
)


def _first_name(row) -> str:
    return row.contact.first_name if row.contact_id else ""


def dashboard_changes(*, user, now: dt.datetime, limit: int) -> list[Change]:
    """Bookings, cancellations and waiting-list changes on the user's groups this past week, newest first.

    Two queries, however many there were.
    """
    since = now - CHANGES_BACK
    bookings = (
        bookings_for_staff(user=user)
        .filter(walk_in=False)
        .filter(Q(created_at__gte=since) | Q(status=BookingStatus.CANCELLED, updated_at__gte=since))
        .select_related("from_waiting_entry")
        .order_by("-updated_at", "-pk")[:limit]
    )
    waiting = (
        WaitingEntry.objects.filter(session__page__in=pages_editable_by(user), updated_at__gte=since)
        .exclude(status=WaitingStatus.PROMOTED)
        .select_related("session__page", "contact")
        .order_by("-updated_at", "-pk")[:limit]
    )
    changes = []
    for booking in bookings:
        if booking.status == BookingStatus.CANCELLED:
            what, at = CANCELLED, booking.updated_at
        else:
            what = GIVEN_PLACE if _from_waiting(booking) else BOOKED
            at = booking.created_at
        changes.append(_change(booking, what=what, at=at))
    for entry in waiting:
        if entry.status == WaitingStatus.LEFT:
            changes.append(_change(entry, what=LEFT_WAITING, at=entry.updated_at))
        elif entry.created_at >= since:
            changes.append(_change(entry, what=JOINED_WAITING, at=entry.created_at))
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def _from_waiting(booking: Booking) -> bool:
    try:
        return booking.from_waiting_entry is not None
    except WaitingEntry.DoesNotExist:
        return False


def _change(row, *, what: str, at: dt.datetime) -> Change:
    return Change(at=at, what=what, first_name=_first_name(row), people=row.adults + row.children, session=row.session)


def dashboard_gone_wrong(*, user, now: dt.datetime, limit: int) -> list[TextGoneWrong]:
    """Emails and texts to the families of the user's groups that failed in the last fortnight (two queries)."""
    return texts_gone_wrong_rows(messages_gone_wrong_for_staff(user=user, since=now - FAILURES_BACK)[:limit])


__all__ = ["Change", "dashboard_changes", "dashboard_gone_wrong", "dashboard_sessions"]
