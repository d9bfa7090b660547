"""Every write to the booking domain goes through a function in this module.

Public views, the Wagtail admin and management commands all call these, so they
behave the same wherever a change starts. Emails are written to the outbox in the
same transaction as the change and sent after commit (events/services_notify.py),
so a failed send never undoes a change and is never forgotten.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from events.models.bookings import LIVE_BOOKING_STATUSES, BookingStatus, WaitingStatus
from events.models.contacts import new_token
from events.models.outbox import EmailKind
from events.models.schedules import BookingMode, SessionStatus
from home.text import line_break_in, text_clean

from .contact_details import PHONE_UNREADABLE_MESSAGE, PhoneNumberUnreadable, phone_normalise
from .models import Booking, Contact, GroupPage, Schedule, Session, WaitingEntry, WorkshopPage
from .recurrence import LOCAL_TZ, local_datetime, schedule_occurrences
from .services_notify import email_queue, session_change_emails_queue

logger = logging.getLogger(__name__)

MAX_ADULTS = 6
MAX_CHILDREN = 10


class BookingRefused(ValidationError):
    """A booking or waiting-list request that cannot go ahead.

    `message` is written for the family and shown beside the form they filled in;
    `code` says why ("full", "past", "cancelled", "drop_in", "unpublished", ...).
    """


@dataclass
class BookingOutcome:
    contact: Contact
    bookings: list[Booking]
    # Sessions of the run that had no room, when every session of a run was asked for.
    full_sessions: list[Session] = field(default_factory=list)
    # False when the same form was sent again and the earlier result was found.
    created: bool = True


@dataclass
class WaitingOutcome:
    contact: Contact
    entry: WaitingEntry | None
    created: bool = True


# Sessions ------------------------------------------------------------------------


def _lock(queryset):
    """select_for_update on the rows of `queryset`, not on rows it joins to.

    SQLite has no row locks: there, the IMMEDIATE transaction mode (settings) takes the
    database write lock when the transaction starts, which serialises bookings.
    """
    if connection.features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",))
    return queryset.select_for_update()


def _session_notice_queue(session: Session, kind: str) -> None:
    """Email families booked on or waiting for `session` that it was cancelled or moved."""
    session_change_emails_queue(session=session, kind=kind)


def sessions_sync(*, schedule: Schedule, today: dt.date | None = None, horizon_days: int | None = None) -> dict:
    """Bring a schedule's session rows in step with its rule, up to the horizon.

    Idempotent. Adds missing sessions; deletes future sessions that left the rule
    and have never been booked, cancelled or moved; cancels (never deletes) booked
    ones that left the rule, telling the families; updates length, venue and places
    of untouched future sessions. Past sessions and sessions staff changed are never
    touched.
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
            for session in _lock(Session.objects.filter(schedule=schedule, occurrence_start__gte=window_start))
        }
        for occurrence_start, session in existing.items():
            if occurrence_start in wanted or session.status != SessionStatus.SCHEDULED:
                continue  # still wanted, or staff cancelled or moved it: theirs to keep
            if _session_has_families(session):
                _session_cancel_locked(session, reason="This date is no longer in the group's plan.")
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
                    for name, value in changes.items():
                        setattr(session, name, value)
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
    for schedule in Schedule.objects.filter(page_id=page.pk).select_related("page"):
        for key, value in sessions_sync(schedule=schedule, today=today).items():
            totals[key] += value
    with transaction.atomic():
        orphans = _lock(
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
                _session_cancel_locked(session, reason="This date is no longer in the group's plan.")
                totals["cancelled"] += 1
            else:
                session.delete()
                totals["removed"] += 1
    return totals


def all_sessions_sync(*, today: dt.date | None = None) -> dict:
    """Roll every published group and workshop forward to the horizon (daily, `manage.py sync_sessions`)."""
    totals = {"pages": 0, "added": 0, "updated": 0, "removed": 0, "cancelled": 0}
    for page in Page.objects.live().filter(schedules__isnull=False).distinct().order_by("pk"):
        for key, value in page_sessions_sync(page=page, today=today).items():
            totals[key] += value
        totals["pages"] += 1
    return totals


def _session_cancel_locked(session: Session, *, reason: str) -> None:
    session.status = SessionStatus.CANCELLED
    session.status_reason = reason
    session.sequence += 1
    session.save()
    _session_notice_queue(session, EmailKind.SESSION_CANCELLED)


def _locked_session(session: Session) -> Session:
    return _lock(Session.objects.filter(pk=session.pk)).get()


def session_cancel(*, session: Session, reason: str, by=None) -> Session:
    """Cancel one session and tell every family booked or waiting, by email.

    Bookings stay as they were, so staff can see who was affected. Later edits of
    the schedule leave a cancelled session alone.
    """
    reason = _reason_clean(reason)
    if not reason:
        raise ValidationError("Say why the session is cancelled: families will see it.", code="reason")
    with transaction.atomic():
        session = _locked_session(session)
        if session.status == SessionStatus.CANCELLED:
            return session
        if session.start <= timezone.now():
            raise ValidationError("This session has already started, so it cannot be cancelled.", code="past")
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
        raise ValidationError("The session must end after it starts.", code="end_before_start")
    if start <= timezone.now():
        raise ValidationError("Choose a time that has not passed yet.", code="past")
    reason = _reason_clean(reason)
    with transaction.atomic():
        session = _locked_session(session)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError("This session is cancelled. Add a new session instead.", code="cancelled")
        if session.start <= timezone.now():
            raise ValidationError("This session has already started, so it cannot be moved.", code="started")
        venue_id = venue.pk if venue is not None else session.venue_id
        if (session.start, session.end, session.venue_id) == (start, end, venue_id):
            return session
        session.start, session.end, session.venue_id = start, end, venue_id
        session.status = SessionStatus.MOVED
        if reason:
            session.status_reason = reason
        session.sequence += 1
        session.save()
        _session_notice_queue(session, EmailKind.SESSION_MOVED)
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
        raise ValidationError("The session must end after it starts.", code="end_before_start")
    if start <= timezone.now():
        raise ValidationError("Choose a time that has not passed yet.", code="past")
    specific = page.specific
    if not isinstance(specific, GroupPage | WorkshopPage):
        raise ValidationError("Sessions can only be added to a group or a workshop.", code="page_type")
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


def session_headcount_record(*, session: Session, adults: int, children: int, by=None) -> Session:
    """Record how many came to a drop-in session (no bookings to tick)."""
    if adults < 0 or children < 0:
        raise ValidationError("Numbers cannot be below zero.", code="negative")
    _refuse_register_before_session(session)
    with transaction.atomic():
        session = _locked_session(session)
        session.headcount_adults = adults
        session.headcount_children = children
        session.save(update_fields=["headcount_adults", "headcount_children", "updated_at"])
        log(instance=session, action="events.register", user=by, data={"adults": adults, "children": children})
    return session


# Registers -------------------------------------------------------------------------


def _refuse_register_before_session(session: Session) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("This session was cancelled.", code="cancelled")
    if session.start.astimezone(LOCAL_TZ).date() > timezone.localdate():
        raise ValidationError("The register opens on the day of the session.", code="future")


REGISTER_STATUSES = {BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW}


def register_mark(*, booking: Booking, status: str, by=None) -> Booking:
    """Tick one booking on the register: came (attended), did not come (no_show), or not yet marked."""
    if status not in REGISTER_STATUSES:
        raise ValidationError("Choose came, did not come, or not marked.", code="status")
    _refuse_register_before_session(booking.session)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError("This booking was cancelled.", code="cancelled")
    if booking.status != status:
        booking.status = status
        booking.save(update_fields=["status", "updated_at"])
    return booking


def walk_in_add(*, session: Session, adults: int = 1, children: int = 0, by=None) -> Booking:
    """Add a family who came without booking. Walk-ins give no personal details."""
    if adults < 0 or children < 0 or adults + children == 0:
        raise ValidationError("Count at least one person.", code="empty")
    _refuse_register_before_session(session)
    with transaction.atomic():
        booking = Booking.objects.create(
            session=session,
            contact=None,
            household_ref=uuid.uuid4(),
            adults=adults,
            children=children,
            status=BookingStatus.ATTENDED,
            walk_in=True,
        )
        log(instance=session, action="events.register", user=by, data={"walk_in": adults + children})
    return booking


# What families and staff type ---------------------------------------------------
# It reaches emails, texts and calendar files, so it is cleaned here, whoever calls
# (home/text.py says what goes and what stays).


def _reason_clean(reason: str) -> str:
    if line_break_in(reason.strip()):
        raise ValidationError("Please write the reason on one line.", code="reason")
    return text_clean(reason).strip()


def _name_clean(first_name: str) -> str:
    if line_break_in(first_name.strip()):
        raise BookingRefused("Please write your first name on one line.", code="first_name")
    return text_clean(first_name).strip()


def _needs_clean(*, children_ages: str, access_needs: str) -> tuple[str, str]:
    if line_break_in(children_ages.strip()):
        raise BookingRefused("Please write the children's ages on one line.", code="children_ages")
    return text_clean(children_ages).strip(), text_clean(access_needs, multiline=True).strip()


# Families ------------------------------------------------------------------------


def _family_check(*, first_name, email, phone, adults, children, creche_children, consent) -> None:
    if not consent:
        raise BookingRefused("Please agree to the privacy notice so that we can keep your booking.", code="consent")
    if not first_name.strip():
        raise BookingRefused("Please give a first name.", code="first_name")
    if not email.strip() and not phone.strip():
        raise BookingRefused("Please give an email address or a phone number.", code="contact")
    _numbers_check(adults=adults, children=children, creche_children=creche_children)


def _numbers_check(*, adults, children, creche_children) -> None:
    if not 1 <= adults <= MAX_ADULTS:
        raise BookingRefused(f"Book for between 1 and {MAX_ADULTS} adults.", code="adults")
    if not 0 <= children <= MAX_CHILDREN:
        raise BookingRefused(f"Book for up to {MAX_CHILDREN} children.", code="children")
    if not 0 <= creche_children <= children:
        raise BookingRefused("Creche places cannot be more than the number of children.", code="creche_children")


def _household_ref(email: str, phone: str):
    """The household_ref of an earlier contact with this email or phone, so a family counts once.

    For the funder counts only: a shared reference gives no access to anything.
    """
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    return Contact.objects.filter(match).order_by("pk").values_list("household_ref", flat=True).first() or uuid.uuid4()


def _phone_for_storage(phone: str) -> str:
    try:
        return phone_normalise(phone)
    except PhoneNumberUnreadable:
        raise BookingRefused(PHONE_UNREADABLE_MESSAGE, code="phone") from None


def _contact_create(*, first_name, email, phone, request_key) -> Contact:
    email = email.strip()
    phone = _phone_for_storage(phone)
    return Contact.objects.create(
        first_name=first_name.strip(),
        email=email,
        phone=phone,
        consent_at=timezone.now(),
        household_ref=_household_ref(email, phone),
        request_key=request_key,
    )


def session_bookable_check(session: Session, *, now: dt.datetime | None = None) -> None:
    """Raise BookingRefused, with a message for the family, if `session` cannot take bookings.

    `session` should carry a fresh `page` (select_related) and, for the unpublished
    check, costs one query.
    """
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        reason = f" {session.status_reason}" if session.status_reason else ""
        raise BookingRefused(f"Sorry, this session has been cancelled.{reason}", code="cancelled")
    if session.start <= now:
        raise BookingRefused("Sorry, this session has already started or taken place.", code="past")
    if session.booking_mode == BookingMode.DROP_IN:
        raise BookingRefused("There is no need to book this session: just come along.", code="drop_in")
    if not Page.objects.live().public().filter(pk=session.page_id).exists():
        raise BookingRefused("Sorry, this group is not taking bookings at the moment.", code="unpublished")


def _places_left(session_ids) -> dict[int, tuple[int, int]]:
    """{session id: (adult places left, creche places left)}, counted from live bookings."""
    booked = {
        row["session"]: (row["adults"] or 0, row["creche"] or 0)
        for row in Booking.objects.filter(session_id__in=session_ids, status__in=LIVE_BOOKING_STATUSES)
        .values("session")
        .annotate(adults=Sum("adults"), creche=Sum("creche_children"))
        .order_by()
    }
    sessions = Session.objects.filter(pk__in=session_ids).values_list("pk", "adult_places", "creche_places")
    return {
        pk: (adult_places - booked.get(pk, (0, 0))[0], creche_places - booked.get(pk, (0, 0))[1])
        for pk, adult_places, creche_places in sessions
    }


def _fits(places: tuple[int, int], *, adults: int, creche_children: int) -> bool:
    adults_left, creche_left = places
    return adults <= adults_left and creche_children <= creche_left


def _run_sessions(session: Session, now: dt.datetime) -> list[int]:
    """Ids of the sessions of `session`'s run still to come: the ones "book every session" books."""
    if session.schedule_id is None:
        return [session.pk]
    ids = list(
        Session.objects.filter(schedule_id=session.schedule_id, start__gt=now, booking_mode=BookingMode.BOOK)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    return ids if session.pk in ids else [session.pk, *ids]


def _full_message(*, creche_children: int, places: tuple[int, int]) -> str:
    adults_left, creche_left = places
    if adults_left > 0 and creche_children > creche_left:
        if creche_left <= 0:
            return "Sorry, the creche is full for this session. You can join the waiting list."
        return (
            f"Sorry, there {_are(creche_left)} only {_places(creche_left)} left in the creche. "
            "You can book fewer or join the waiting list."
        )
    if adults_left > 0:
        return (
            f"Sorry, there {_are(adults_left)} only {_places(adults_left)} left for adults. "
            "You can book fewer or join the waiting list."
        )
    return "Sorry, this session is full. You can join the waiting list and we will email you if a place comes free."


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _places(count: int) -> str:
    return f"{count} place" if count == 1 else f"{count} places"


def booking_create(
    *,
    session: Session,
    first_name: str,
    email: str = "",
    phone: str = "",
    adults: int = 1,
    children: int = 0,
    creche_children: int = 0,
    children_ages: str = "",
    access_needs: str = "",
    consent: bool,
    request_key: uuid.UUID | None = None,
    whole_run: bool = False,
    notify: bool = True,
) -> BookingOutcome:
    """Book places for a family in one session, or in every session of its run still to come.

    Locks the session rows, counts the places left (adults and creche separately) and
    writes, all in one transaction, so two families can never take the same last place.
    Sending the same form again (same `request_key`) returns the first result.
    Raises BookingRefused when nothing can be booked.
    """
    first_name = _name_clean(first_name)
    children_ages, access_needs = _needs_clean(children_ages=children_ages, access_needs=access_needs)
    _family_check(
        first_name=first_name,
        email=email,
        phone=phone,
        adults=adults,
        children=children,
        creche_children=creche_children,
        consent=consent,
    )
    try:
        with transaction.atomic():
            now = timezone.now()
            wanted_ids = _run_sessions(session, now) if whole_run else [session.pk]
            # Lock in id order, so two runs that overlap never wait for each other in a circle.
            locked = {s.pk: s for s in _lock(Session.objects.filter(pk__in=wanted_ids).order_by("pk"))}
            if request_key is not None:
                earlier = Contact.objects.filter(request_key=request_key).first()
                if earlier is not None:
                    return _earlier_outcome(earlier)
            if session.pk not in locked:
                raise BookingRefused("Sorry, this session no longer exists.", code="missing")
            session = locked[session.pk]
            session_bookable_check(session, now=now)
            places = _places_left(list(locked))
            if not whole_run and not _fits(places[session.pk], adults=adults, creche_children=creche_children):
                raise BookingRefused(
                    _full_message(creche_children=creche_children, places=places[session.pk]), code="full"
                )
            to_book = [
                locked[pk]
                for pk in sorted(locked, key=lambda pk: locked[pk].start)
                if _fits(places[pk], adults=adults, creche_children=creche_children)
            ]
            full = [
                locked[pk]
                for pk in sorted(locked, key=lambda pk: locked[pk].start)
                if not _fits(places[pk], adults=adults, creche_children=creche_children)
            ]
            if not to_book:
                raise BookingRefused(
                    "Sorry, every session of this run is full. You can join the waiting list for one of them.",
                    code="full",
                )
            contact = _contact_create(first_name=first_name, email=email, phone=phone, request_key=request_key)
            bookings = [
                Booking.objects.create(
                    session=booked_session,
                    contact=contact,
                    household_ref=contact.household_ref,
                    adults=adults,
                    children=children,
                    creche_children=creche_children,
                    children_ages=children_ages.strip(),
                    access_needs=access_needs.strip(),
                )
                for booked_session in to_book
            ]
            if notify:
                email_queue(
                    kind=EmailKind.BOOKING_CONFIRMED,
                    contact=contact,
                    booking=bookings[0],
                    dedupe_key=f"booking_confirmed:{contact.pk}",
                )
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request won.
        if request_key is not None:
            earlier = Contact.objects.filter(request_key=request_key).first()
            if earlier is not None:
                return _earlier_outcome(earlier)
        raise
    return BookingOutcome(contact=contact, bookings=bookings, full_sessions=full)


def _earlier_outcome(contact: Contact) -> BookingOutcome:
    bookings = list(contact.bookings.select_related("session").order_by("session__start"))
    return BookingOutcome(contact=contact, bookings=bookings, created=False)


def _booking_session_locked(booking: Booking) -> Session:
    session = _locked_session(booking.session)
    booking.refresh_from_db()
    booking.session = session
    return session


def booking_update(
    *,
    booking: Booking,
    adults: int,
    children: int,
    creche_children: int,
    children_ages: str = "",
    access_needs: str = "",
    notify: bool = True,
) -> Booking:
    """Change the numbers or needs on a booking. More places only if there is room; fewer frees them."""
    _numbers_check(adults=adults, children=children, creche_children=creche_children)
    children_ages, access_needs = _needs_clean(children_ages=children_ages, access_needs=access_needs)
    with transaction.atomic():
        session = _booking_session_locked(booking)
        if booking.status == BookingStatus.CANCELLED:
            raise BookingRefused("This booking was cancelled, so it cannot be changed.", code="cancelled_booking")
        if session.status == SessionStatus.CANCELLED:
            raise BookingRefused("Sorry, this session has been cancelled.", code="cancelled")
        if session.start <= timezone.now():
            raise BookingRefused("This session has already started, so the booking cannot be changed.", code="past")
        adults_left, creche_left = _places_left([session.pk])[session.pk]
        # This booking's own places count as free when checking the new numbers.
        places = (adults_left + booking.adults, creche_left + booking.creche_children)
        grows = adults > booking.adults or creche_children > booking.creche_children
        if grows and adults > places[0]:
            raise BookingRefused(
                f"Sorry, the session is nearly full: your booking can have at most {places[0]} "
                f"adult{'' if places[0] == 1 else 's'}.",
                code="full",
            )
        if grows and creche_children > places[1]:
            raise BookingRefused(
                f"Sorry, the creche is nearly full: your booking can have at most {_places(places[1])} in the creche.",
                code="full",
            )
        frees = adults < booking.adults or creche_children < booking.creche_children
        booking.adults, booking.children, booking.creche_children = adults, children, creche_children
        booking.children_ages, booking.access_needs = children_ages.strip(), access_needs.strip()
        booking.save()
        if notify and booking.contact_id:
            email_queue(kind=EmailKind.BOOKING_CHANGED, contact=booking.contact, booking=booking)
        if frees:
            waiting_promote(session=session)
    return booking


def booking_cancel(*, booking: Booking, by=None, notify: bool = True) -> Booking:
    """Cancel a booking and give the freed places to the next families waiting."""
    with transaction.atomic():
        session = _booking_session_locked(booking)
        if booking.status == BookingStatus.CANCELLED:
            return booking
        if session.start <= timezone.now() and by is None:
            raise BookingRefused("This session has already started, so the booking cannot be cancelled.", code="past")
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status", "updated_at"])
        if notify and booking.contact_id:
            email_queue(
                kind=EmailKind.BOOKING_CANCELLED,
                contact=booking.contact,
                booking=booking,
                dedupe_key=f"booking_cancelled:{booking.pk}",
            )
        waiting_promote(session=session)
    return booking


# Waiting lists ---------------------------------------------------------------------


def waiting_join(
    *,
    session: Session,
    first_name: str,
    email: str = "",
    phone: str = "",
    adults: int = 1,
    children: int = 0,
    creche_children: int = 0,
    children_ages: str = "",
    access_needs: str = "",
    consent: bool,
    request_key: uuid.UUID | None = None,
    notify: bool = True,
) -> WaitingOutcome:
    """Put a family on a full session's waiting list. Refused while there is room to book."""
    first_name = _name_clean(first_name)
    children_ages, access_needs = _needs_clean(children_ages=children_ages, access_needs=access_needs)
    _family_check(
        first_name=first_name,
        email=email,
        phone=phone,
        adults=adults,
        children=children,
        creche_children=creche_children,
        consent=consent,
    )
    if not email.strip():
        raise BookingRefused(
            "Please give an email address, so that we can tell you when a place comes free.", code="email"
        )
    try:
        with transaction.atomic():
            session = _locked_session(session)
            if request_key is not None:
                earlier = Contact.objects.filter(request_key=request_key).first()
                if earlier is not None:
                    return WaitingOutcome(contact=earlier, entry=earlier.waiting_entries.first(), created=False)
            session_bookable_check(session)
            if _fits(_places_left([session.pk])[session.pk], adults=adults, creche_children=creche_children):
                raise BookingRefused("Good news: there is room in this session, so you can book now.", code="has_room")
            contact = _contact_create(first_name=first_name, email=email, phone=phone, request_key=request_key)
            entry = WaitingEntry.objects.create(
                session=session,
                contact=contact,
                adults=adults,
                children=children,
                creche_children=creche_children,
                children_ages=children_ages.strip(),
                access_needs=access_needs.strip(),
            )
            if notify:
                email_queue(
                    kind=EmailKind.WAITING_JOINED,
                    contact=contact,
                    waiting_entry=entry,
                    session=session,
                    dedupe_key=f"waiting_joined:{entry.pk}",
                )
    except IntegrityError:
        if request_key is not None:
            earlier = Contact.objects.filter(request_key=request_key).first()
            if earlier is not None:
                return WaitingOutcome(contact=earlier, entry=earlier.waiting_entries.first(), created=False)
        raise
    return WaitingOutcome(contact=contact, entry=entry)


def waiting_leave(*, entry: WaitingEntry) -> WaitingEntry:
    """Take a family off a waiting list."""
    with transaction.atomic():
        entry = _lock(WaitingEntry.objects.filter(pk=entry.pk)).get()
        if entry.status == WaitingStatus.WAITING:
            entry.status = WaitingStatus.LEFT
            entry.save(update_fields=["status", "updated_at"])
    return entry


def waiting_promote(*, session: Session) -> list[Booking]:
    """Give free places to the families waiting, in the order they joined, and email each one.

    A family whose numbers do not fit the places free is passed over this time and
    keeps its place in the list, so one large family never holds up smaller ones.
    """
    promoted = []
    with transaction.atomic():
        session = _locked_session(session)
        if session.status == SessionStatus.CANCELLED or session.start <= timezone.now():
            return promoted
        adults_left, creche_left = _places_left([session.pk])[session.pk]
        waiting = _lock(
            WaitingEntry.objects.filter(session=session, status=WaitingStatus.WAITING, contact__isnull=False)
        ).order_by("created_at", "pk")
        for entry in waiting:
            if adults_left <= 0:
                break
            if not _fits((adults_left, creche_left), adults=entry.adults, creche_children=entry.creche_children):
                continue
            booking = Booking.objects.create(
                session=session,
                contact_id=entry.contact_id,
                household_ref=entry.contact.household_ref,
                adults=entry.adults,
                children=entry.children,
                creche_children=entry.creche_children,
                children_ages=entry.children_ages,
                access_needs=entry.access_needs,
            )
            entry.status = WaitingStatus.PROMOTED
            entry.booking = booking
            entry.save(update_fields=["status", "booking", "updated_at"])
            adults_left -= entry.adults
            creche_left -= entry.creche_children
            email_queue(
                kind=EmailKind.WAITING_PROMOTED,
                contact=entry.contact,
                booking=booking,
                waiting_entry=entry,
                session=session,
                dedupe_key=f"waiting_promoted:{entry.pk}",
            )
            promoted.append(booking)
    if promoted:
        logger.info("Gave %d waiting families a place in session %s", len(promoted), session.pk)
    return promoted


# Calendar ------------------------------------------------------------------------


def contact_feed_token_reset(*, contact: Contact) -> Contact:
    """Give a family a new personal calendar address; the old one stops working at once.

    For a family who shared the address by mistake or lost a phone. Calendar apps
    subscribed to the old address get "not found" and must subscribe again.
    """
    with transaction.atomic():
        contact.feed_token = new_token()
        contact.save(update_fields=["feed_token"])
    logger.info("Reset the personal calendar address of contact %s", contact.pk)
    return contact


__all__ = [
    "all_sessions_sync",
    "BookingOutcome",
    "BookingRefused",
    "WaitingOutcome",
    "booking_cancel",
    "booking_create",
    "booking_update",
    "contact_feed_token_reset",
    "page_sessions_sync",
    "register_mark",
    "session_add",
    "session_bookable_check",
    "session_cancel",
    "session_headcount_record",
    "session_move",
    "sessions_sync",
    "waiting_join",
    "waiting_leave",
    "waiting_promote",
    "walk_in_add",
]
