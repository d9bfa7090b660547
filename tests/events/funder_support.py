"""A hand-counted quarter of two areas and three groups, for the funder report's tests.

The period is January to March 2025. What came before it decides who is returning;
what came after it must not count.

Mums' Space (Croydon): 2 sessions held (a third, cancelled), Amina twice (came in
November 2024 too), Bea once (booked twice by mistake), a walk-in who left no details.
Dads' Group (Croydon): 1 session, Bea, Eve (a walk-in who gave her details), a walk-in.
Peebles Toddlers (Borders): a drop-in headcount, then Cat (came in December 2024)
and Dee (who came again in April).
"""

import datetime as dt
import uuid

from django.utils import timezone

from events.models import Booking, BookingStatus, Contact, Session, SessionStatus
from events.recurrence import LOCAL_TZ
from tests.events.booking_support import two_area_site
from tests.factories import group_add

FIRST, LAST = dt.date(2025, 1, 1), dt.date(2025, 3, 31)


def held(page, day, **fields) -> Session:
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LOCAL_TZ)
    return Session.objects.create(page=page, start=start, end=start + dt.timedelta(hours=2), **fields)


def contact(name, **fields) -> Contact:
    return Contact.objects.create(
        first_name=name, email=f"{name.lower()}@example.org", consent_at=timezone.now(), **fields
    )


def came(session, who, *, adults=1, children=1, status=BookingStatus.ATTENDED, walk_in=False) -> Booking:
    return Booking.objects.create(
        session=session,
        contact=who,
        household_ref=who.household_ref if who else uuid.uuid4(),
        adults=adults,
        children=children,
        status=status,
        walk_in=walk_in,
    )


def funded_quarter():
    site = two_area_site()
    site.dads = group_add(site.croydon, "Dads' Group")
    amina, bea, cat, dee, eve = (contact(name) for name in ("Amina", "Bea", "Cat", "Dee", "Eve"))
    bea_again = contact("Bea2", household_ref=bea.household_ref)

    came(held(site.mums, dt.date(2024, 11, 5)), amina)
    mums_1 = held(site.mums, dt.date(2025, 1, 7))
    came(mums_1, amina)
    came(mums_1, bea, children=2)
    came(mums_1, bea_again, children=2)
    came(mums_1, None, adults=2, children=1, walk_in=True)
    mums_2 = held(site.mums, dt.date(2025, 2, 4))
    came(mums_2, amina)
    came(mums_2, cat, status=BookingStatus.NO_SHOW)
    came(held(site.mums, dt.date(2025, 2, 11), status=SessionStatus.CANCELLED), dee, status=BookingStatus.CONFIRMED)

    dads_1 = held(site.dads, dt.date(2025, 3, 4))
    came(dads_1, bea, children=0)
    came(dads_1, eve, walk_in=True)
    came(dads_1, None, children=0, walk_in=True)

    came(held(site.peebles, dt.date(2024, 12, 3)), cat)
    held(site.peebles, dt.date(2025, 1, 14), booking_mode="drop_in", headcount_adults=5, headcount_children=6)
    peebles_1 = held(site.peebles, dt.date(2025, 3, 11))
    came(peebles_1, cat, adults=2)
    came(peebles_1, dee)
    came(held(site.peebles, dt.date(2025, 4, 8)), dee)
    return site


def figures_of(row) -> tuple:
    return (
        row.sessions_held,
        row.attendances,
        row.adults,
        row.children,
        row.families,
        row.new_families,
        row.returning_families,
    )
