"""What a booking needs before it can go ahead: a bookable session with places left."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from events.models.schedules import BookingMode, Session, SessionStatus
from events.selectors.sessions import sessions_with_places_left
from home.page_visibility import public_pages_q


class BookingRefused(ValidationError):
    """A booking or waiting-list request that cannot go ahead.

    `message` is written for the family, in the language of the request, and shown
    beside the form they filled in;
    `code` says why ("full", "past", "cancelled", "drop_in", "unpublished", ...).
    """


def session_refusal(session: Session, *, now: dt.datetime) -> BookingRefused | None:
    """Why `session` takes no bookings whatever its places (cancelled, past, drop-in), or None.

    The booking page asks this too, to choose what to offer, so a family is never
    shown a form the service would then refuse for the same reason.
    """
    if session.status == SessionStatus.CANCELLED:
        if session.status_reason:
            # Translators: the reason is written by staff, e.g. "Hall closed for repairs."
            message = _("Sorry, this session has been cancelled. %(reason)s") % {"reason": session.status_reason_shown}
        else:
            message = _("Sorry, this session has been cancelled.")
        return BookingRefused(message, code="cancelled")
    if session.start <= now:
        return BookingRefused(_("Sorry, this session has already started or taken place."), code="past")
    if session.booking_mode == BookingMode.DROP_IN:
        return BookingRefused(_("There is no need to book this session: just come along."), code="drop_in")
    return None


def page_public_annotate(sessions):
    """`sessions` with `page_public`: whether the public may see each one's page (no query of its own)."""
    return sessions.annotate(page_public=Exists(Page.objects.filter(public_pages_q(), pk=OuterRef("page_id"))))


def session_refusal_check(session: Session, *, now: dt.datetime) -> None:
    """session_bookable_check for a session read through page_public_annotate: no query."""
    refusal = session_refusal(session, now=now)
    if refusal is not None:
        raise refusal
    if not session.page_public:
        raise BookingRefused(_("Sorry, this group is not taking bookings at the moment."), code="unpublished")


def session_bookable_check(session: Session, *, now: dt.datetime | None = None) -> None:
    """Raise BookingRefused, with a message for the family, if `session` cannot take bookings.

    `session` should carry a fresh `page` (select_related) and, for the check that
    the public may see its page (published all the way up, under no view
    restriction), costs one query.
    """
    refusal = session_refusal(session, now=now or timezone.now())
    if refusal is not None:
        raise refusal
    if not Page.objects.filter(public_pages_q(), pk=session.page_id).exists():
        raise BookingRefused(_("Sorry, this group is not taking bookings at the moment."), code="unpublished")


def places_left(session_ids) -> dict[int, tuple[int, int]]:
    """{session id: (adult places left, creche places left)}, counted from live bookings."""
    rows = sessions_with_places_left(Session.objects.filter(pk__in=session_ids)).values_list(
        "pk", "adult_places_left", "creche_places_left"
    )
    return {pk: (adults_left, creche_left) for pk, adults_left, creche_left in rows}


def fits(places: tuple[int, int], *, adults: int, creche_children: int) -> bool:
    adults_left, creche_left = places
    return adults <= adults_left and creche_children <= creche_left
