"""Small builders for the booking tests: a published group, sessions at set times, a booking."""

import datetime as dt
import uuid
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.builders import booking_add
from events.models import Session
from events.recurrence import LOCAL_TZ
from home.permissions import group_leader_role_ensure, staff_role_ensure
from tests.factories import area_add, group_add, site_tree, venue_add


def group_make(title="Peebles Toddler Group", *, area_title="Scottish Borders", **fields):
    tree = site_tree()
    area = area_add(tree, area_title)
    venue = venue_add(f"{title} hall", area=area)
    return group_add(area, title, venue=venue, **fields)


def session_make(page, *, days=7, at=dt.time(10), hours=2, places=12, creche=0, mode="book", **fields) -> Session:
    """A session `days` from today at local time `at`, added the way staff add one."""
    day = timezone.localdate() + dt.timedelta(days=days)
    start = dt.datetime.combine(day, at, tzinfo=LOCAL_TZ)
    return Session.objects.create(
        page=page,
        start=start,
        end=start + dt.timedelta(hours=hours),
        venue_id=getattr(page.specific, "venue_id", None),
        adult_places=places,
        creche_places=creche,
        booking_mode=mode,
        **fields,
    )


def family(**overrides) -> dict:
    details = {
        "first_name": "Amina",
        "email": "amina@example.org",
        "adults": 1,
        "children": 1,
        "consent": True,
        "request_key": uuid.uuid4(),
    }
    details.update(overrides)
    return details


def book(session, **overrides):
    return booking_add(session, **family(**overrides))


def user_in(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(*groups)
    return user


def two_area_site():
    """Croydon and the Scottish Borders with one group each, and a staff login."""
    tree = site_tree()
    croydon, borders = area_add(tree, "Croydon"), area_add(tree, "Scottish Borders")
    mums = group_add(croydon, "Mums' Space", venue=venue_add("Thornton Heath Community Centre", area=croydon))
    peebles = group_add(borders, "Peebles Toddlers", venue=venue_add("Peebles Burgh Hall", area=borders))
    return SimpleNamespace(
        croydon=croydon, borders=borders, mums=mums, peebles=peebles, staff=user_in("staff", staff_role_ensure())
    )


def two_area_site_with_leaders():
    """two_area_site(), with a leader for each group: Amina for Mums' Space, Fiona for Peebles."""
    site = two_area_site()
    site.mums_leader = user_in("amina_leader", group_leader_role_ensure(site.mums))
    site.peebles_leader = user_in("fiona_leader", group_leader_role_ensure(site.peebles))
    return site
