"""What staff may see: the sessions and bookings of the pages they edit, and a session's register.

The rule is page editing (home.permissions.pages_editable_by): staff see every group, an
area coordinator the groups in their area, a group leader their own group only.
"""

from events.models.bookings import LIVE_BOOKING_STATUSES, Booking, WaitingEntry, WaitingStatus
from events.models.schedules import Session
from events.selectors.bookings import bookings_flag_duplicates
from events.selectors.notices import register_messages, session_notices
from events.selectors.sessions import sessions_with_places
from home.permissions import pages_editable_by


def sessions_for_staff(*, user):
    """Sessions `user` may manage, with places left and waiting-list length."""
    return sessions_with_places(
        Session.objects.filter(page__in=pages_editable_by(user)).select_related("page", "venue", "moved_from_venue")
    )


def bookings_for_staff(*, user):
    """Bookings `user` may see, with their session, page and contact."""
    return Booking.objects.filter(session__page__in=pages_editable_by(user)).select_related(
        "session__page", "session__venue", "contact"
    )


def session_register(*, session: Session) -> dict:
    """Who is booked, who walked in and who is waiting, for a session's register (four queries).

    With the leader's messages to the families, and the outbox rows that say who was
    told and how, and which texts about a booking did not arrive (events/selectors/notices.py).
    """
    bookings = bookings_flag_duplicates(
        Booking.objects.filter(session=session, status__in=LIVE_BOOKING_STATUSES)
        .select_related("contact")
        .order_by("walk_in", "contact__first_name", "pk")
    )
    waiting = (
        WaitingEntry.objects.filter(session=session)
        .exclude(status=WaitingStatus.LEFT)
        .select_related("contact", "booking")
        .order_by("created_at", "pk")
    )
    bookings = list(bookings)
    notices = session_notices(session=session)
    return {
        "bookings": bookings,
        "waiting_entries": list(waiting),
        "notices": notices,
        "messages": register_messages(bookings=bookings, notices=notices),
    }


def session_register_sheet(*, session: Session) -> dict:
    """The register on paper, or typed in from paper: the families booked, and how many walked in (one query).

    Only what the register shows them: names and numbers, children's ages and needs.
    """
    bookings = list(
        Booking.objects.filter(session=session, status__in=LIVE_BOOKING_STATUSES)
        .select_related("contact")
        .order_by("contact__first_name", "pk")
    )
    walk_ins = [booking for booking in bookings if booking.walk_in]
    return {
        "bookings": [booking for booking in bookings if not booking.walk_in],
        "walk_in_families": len(walk_ins),
        "walk_in_people": sum(booking.adults + booking.children for booking in walk_ins),
    }
