"""The groups' past: the sessions held since they began, their registers, and the check-ins answered.

So that a newcomer opening the funder report or the check-in results sees figures at once:
families who come most weeks and families who come now and then, families who join along
the way and some who stop, bookings marked "did not come", walk-ins who gave their details
and walk-ins who did not, the drop-in groups' headcounts, a week closed for Christmas, one
family who booked the same session twice (a second contact with the same email address,
which `booking_create` gives the same `household_ref`), and the anonymous answers families
gave after their first session and again some weeks later.

The rows are those the register and check-in services leave (events/services/register.py,
events/services/check_ins.py): bookings ticked `ATTENDED` or `NO_SHOW`, walk-ins with
`walk_in` and no contact, headcounts on drop-in sessions, answers holding only a group,
a month and first or later. They are written in bulk because going through the services a
booking at a time would make `scripts/start` slow. Each group's past comes from a random
generator seeded with its slug, so loading on the same day gives the same figures; a group
that already has past sessions is left as it is.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from events.models import Booking, BookingStatus, CheckInAnswer, Contact, Schedule, Session, SessionStatus
from events.models.check_ins import CheckInKind, Lonely, ServiceUsed, Welcome
from events.models.schedules import BookingMode
from events.recurrence import LOCAL_TZ, local_datetime, schedule_occurrences
from events.selectors.grants import last_quarter

from .base import DemoReport, groups_started_on

CROYDON_NAMES = [
    "Ayesha", "Fatima", "Maryam", "Khadija", "Zainab", "Hafsa", "Sumaya", "Nadia", "Rukhsana", "Shazia",
    "Farhana", "Nusrat", "Samira", "Layla", "Iman", "Hana", "Yasmin", "Asma",
]  # fmt: skip
# The languages the Croydon mums booked in: most in English, some in Urdu, Bengali or Arabic.
CROYDON_LANGUAGES = ["", "", "", "ur", "ur", "bn", "bn", "ar"]
BORDERS_NAMES = [
    "Kirsty", "Louise", "Gemma", "Lauren", "Nicola", "Amy", "Katie", "Laura", "Hayley", "Ailsa", "Eilidh",
    "Morven", "Iona", "Catriona", "Shona", "Heather", "Jenna", "Megan", "Rhona", "Kayleigh", "Agnieszka",
    "Jean", "Sheena",
]  # fmt: skip
DADS_NAMES = ["Craig", "Euan", "Ross", "Scott", "Calum", "Jamie", "Andrew", "Graeme"]
# How many families each group has seen; about half were coming when the demo's past begins.
FAMILIES = {"mums-space": 18, "dads-and-toddlers": 7, "saturday-stay-and-play": 8}
VILLAGE_FAMILIES = 10
CLOSED_FOR_CHRISTMAS = "Closed for Christmas and New Year."
# The group where one family booked a session twice, giving the same email address each time.
BOOKED_TWICE_AT = "mums-space"

# Answers to the three check-in questions, as weights in the order of each question's choices, with
# "no answer" last: after the first session most feel lonely at least some of the time; some weeks
# later fewer do, and more have used a service they heard about at the group.
ANSWER_WEIGHTS = {
    CheckInKind.FIRST: {
        "lonely": (Lonely, [28, 34, 20, 10, 4, 4]),
        "welcome": (Welcome, [58, 30, 6, 2, 4]),
        "service_used": (ServiceUsed, [14, 44, 38, 4]),
    },
    CheckInKind.LATER: {
        "lonely": (Lonely, [9, 22, 32, 25, 9, 3]),
        "welcome": (Welcome, [74, 22, 2, 0, 2]),
        "service_used": (ServiceUsed, [46, 24, 27, 3]),
    },
}
ANSWERS_FIRST = 0.65  # the share of families who answer the first check-in
ANSWERS_LATER = 0.55


@dataclass
class Family:
    contact: Contact
    joins: int  # the number of the first session they may come to
    leaves: int  # the number of the session after their last
    comes: float  # how likely they are to book a session while they come
    adults: int
    children: int


def history_load(report: DemoReport, *, groups) -> None:
    """Each group's past sessions, with their registers and check-ins, and its workshops' past sessions."""
    now = timezone.now()
    for number, group in enumerate(groups):
        if Session.objects.filter(page=group, start__lt=now).exists():
            continue
        rng = random.Random(f"gather-demo:{group.slug}")
        sessions = _sessions_held(group, rng, now=now)
        if not sessions:
            continue
        booked = [session for session in sessions if session.booking_mode == BookingMode.BOOK]
        # A drop-in group's families give no details: its past is the headcounts alone.
        families = _families(group, rng, sessions=len(sessions), phones_from=100 * number) if booked else []
        came = _registers(group, rng, sessions, families)
        workshop_sessions = []
        # The English workshops: a translation's schedules are copies, which make no sessions.
        for workshop in group.workshops.filter(locale_id=group.locale_id, alias_of__isnull=True):
            if not Session.objects.filter(page=workshop, start__lt=now).exists():
                workshop_sessions += _sessions_held(workshop, rng, now=now)
        _workshop_registers(rng, workshop_sessions, families)
        _check_ins_answered(group, rng, came)
        report.sessions_added += len(sessions) + len(workshop_sessions)
        report.note(f"Past sessions, registers and check-ins for {group.title}")


def _sessions_held(page, rng: random.Random, *, now) -> list[Session]:
    """`page`'s sessions from the day its groups began to now, as its schedules place them."""
    venue_id = getattr(page, "venue_id", None)
    held = []
    for schedule in Schedule.objects.filter(page=page):
        for start, end in schedule_occurrences(schedule, first=groups_started_on(), last=timezone.localdate()):
            if start >= now:
                continue
            day = start.astimezone(LOCAL_TZ).date()
            closed = (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 2)
            # Drop-in sessions have no bookings to tick: the leader counts heads.
            drop_in = schedule.booking_mode == BookingMode.DROP_IN
            headcount = (rng.randint(4, 9), rng.randint(5, 13)) if drop_in and not closed else (None, None)
            held.append(
                Session(
                    page=page,
                    schedule=schedule,
                    occurrence_start=start,
                    start=start,
                    end=end,
                    venue_id=schedule.venue_id or venue_id,
                    booking_mode=schedule.booking_mode,
                    adult_places=schedule.adult_places,
                    creche_places=schedule.creche_places,
                    status=SessionStatus.CANCELLED if closed else SessionStatus.SCHEDULED,
                    status_reason=CLOSED_FOR_CHRISTMAS if closed else "",
                    headcount_adults=headcount[0],
                    headcount_children=headcount[1],
                )
            )
    return Session.objects.bulk_create(held)


def _families(group, rng: random.Random, *, sessions: int, phones_from: int) -> list[Family]:
    """The families who come to `group` at some point, made as contacts who booked and agreed to the notice.

    Mobile numbers are from the range set aside for drama, numbered from `phones_from`
    so that no two families share one.
    """
    croydon = group.slug == "mums-space"
    if croydon:
        names = CROYDON_NAMES
    elif group.slug == "dads-and-toddlers":
        names = DADS_NAMES
    else:
        names = BORDERS_NAMES
    count = FAMILIES.get(group.slug, VILLAGE_FAMILIES)
    consent_at = local_datetime(groups_started_on() - dt.timedelta(weeks=1), dt.time(20))
    families = []
    for number, name in enumerate(rng.sample(names, count)):
        # Some families give a mobile number rather than an email address.
        by_phone = rng.random() < 0.3
        contact = Contact(
            first_name=name,
            email="" if by_phone else f"{name.lower()}.{group.slug}@example.org",
            phone=f"+447700900{phones_from + number:03d}" if by_phone else "",
            texts_agreed_at=consent_at if by_phone else None,
            language=rng.choice(CROYDON_LANGUAGES) if croydon else "",
            consent_at=consent_at,
            household_ref=uuid.UUID(int=rng.getrandbits(128), version=4),
        )
        founding = number < count // 2
        joins = 0 if founding else rng.randrange(1, max(sessions, 2))
        # The first family keeps coming: it is the one that books a session twice (`_registers`).
        stays = number == 0 or rng.random() < 0.75
        families.append(
            Family(
                contact=contact,
                joins=joins,
                leaves=sessions if stays else joins + rng.randint(4, 16),
                comes=rng.uniform(0.45, 0.9),
                adults=2 if rng.random() < 0.1 else 1,
                children=rng.choice([1, 1, 1, 2, 2, 3]),
            )
        )
    Contact.objects.bulk_create([family.contact for family in families])
    return families


def _booking(session, family: Family, *, status, walk_in=False, contact=None) -> Booking:
    contact = contact or family.contact
    return Booking(
        session=session,
        contact=contact,
        household_ref=contact.household_ref,
        adults=family.adults,
        children=family.children,
        creche_children=family.children if session.creche_places else 0,
        language=contact.language,
        status=status,
        walk_in=walk_in,
    )


def _anonymous_walk_in(session, rng: random.Random) -> Booking:
    return Booking(
        session=session,
        contact=None,
        household_ref=uuid.UUID(int=rng.getrandbits(128), version=4),
        adults=1,
        children=rng.randint(0, 2),
        status=BookingStatus.ATTENDED,
        walk_in=True,
    )


def _registers(group, rng: random.Random, sessions: list[Session], families: list[Family]) -> dict:
    """Book and tick each held session; returns each contact's first session attended, for the check-ins."""
    bookings = []
    first_came: dict[int, dt.date] = {}
    twice_on = _session_booked_twice(sessions) if group.slug == BOOKED_TWICE_AT else None
    for number, session in enumerate(sessions):
        if session.status == SessionStatus.CANCELLED or session.booking_mode == BookingMode.DROP_IN:
            continue
        for family in families:
            if not family.joins <= number < family.leaves:
                continue
            booked_twice = session is twice_on and family is families[0]
            if booked_twice or rng.random() < family.comes:
                came = booked_twice or rng.random() < 0.88
                status = BookingStatus.ATTENDED if came else BookingStatus.NO_SHOW
                bookings.append(_booking(session, family, status=status))
            elif rng.random() < 0.05:
                # Came without booking and gave their details at the door.
                came = True
                bookings.append(_booking(session, family, status=BookingStatus.ATTENDED, walk_in=True))
            else:
                continue
            if came:
                first_came.setdefault(family.contact.pk, session.start.astimezone(LOCAL_TZ).date())
            if booked_twice:
                bookings.append(
                    _booking(session, family, status=BookingStatus.ATTENDED, contact=_second_contact(family.contact))
                )
        if rng.random() < 0.35:
            bookings.append(_anonymous_walk_in(session, rng))
    Booking.objects.bulk_create(bookings)
    return first_came


def _session_booked_twice(sessions: list[Session]) -> Session | None:
    """The session in the last full quarter that one family booked twice, by mistake."""
    first, last = last_quarter(timezone.localdate())
    held = [
        session
        for session in sessions
        if session.status == SessionStatus.SCHEDULED
        and session.booking_mode == BookingMode.BOOK
        and first <= session.start.astimezone(LOCAL_TZ).date() <= last
    ]
    return held[len(held) // 2] if held else None


def _second_contact(contact: Contact) -> Contact:
    """The contact a family makes by booking again with the same email address, as `booking_create` would."""
    return Contact.objects.create(
        first_name=contact.first_name,
        email=contact.email,
        phone=contact.phone,
        texts_agreed_at=contact.texts_agreed_at,
        language=contact.language,
        consent_at=contact.consent_at,
        household_ref=contact.household_ref,
    )


def _workshop_registers(rng: random.Random, sessions: list[Session], families: list[Family]) -> None:
    """Some of the group's families at each of its past workshops, and someone who just came."""
    bookings = []
    for session in sessions:
        for family in rng.sample(families, min(len(families), rng.randint(7, 11))):
            came = rng.random() < 0.85
            bookings.append(_booking(session, family, status=BookingStatus.ATTENDED if came else BookingStatus.NO_SHOW))
        bookings.append(_anonymous_walk_in(session, rng))
    Booking.objects.bulk_create(bookings)


def _check_ins_answered(group, rng: random.Random, first_came: dict) -> None:
    """The answers some families gave the day after their first session here and again the group's weeks later.

    Each answer keeps only the group, the month and first or later, as
    `check_in_answer_store` keeps it.
    """
    today = timezone.localdate()
    weeks = group.check_in_later_weeks if group.check_in_later_weeks is not None else settings.CHECK_IN_LATER_WEEKS
    answers = []
    for first_day in sorted(first_came.values()):
        asked = [(CheckInKind.FIRST, first_day + dt.timedelta(days=1), ANSWERS_FIRST)]
        if weeks:
            asked.append((CheckInKind.LATER, first_day + dt.timedelta(weeks=weeks), ANSWERS_LATER))
        for kind, day, share in asked:
            if day <= today and rng.random() < share:
                answers.append(CheckInAnswer(group=group, month=day.replace(day=1), kind=kind, **_answers(kind, rng)))
    CheckInAnswer.objects.bulk_create(answers)


def _answers(kind: str, rng: random.Random) -> dict:
    """An answer (or none) to each question, drawn with the weights for `kind`."""
    return {
        question: rng.choices([*choices.values, ""], weights=weights)[0]
        for question, (choices, weights) in ANSWER_WEIGHTS[kind].items()
    }
