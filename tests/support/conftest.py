import datetime as dt

import pytest
from django.utils import timezone

from events.models import Venue
from support.models import SupportRole, SupportSlot
from support.services import support_role_add
from tests.security.site import _user, site_build


@pytest.fixture
def daytime(monkeypatch):
    """No quiet hours, so that a text goes at once whatever the time the tests run at."""
    monkeypatch.setattr("messaging.channels.text.QUIET_FROM", dt.time.max)
    monkeypatch.setattr("messaging.channels.text.QUIET_UNTIL", dt.time.min)


def slot_add(area, worker, *, days=2, hour=10, mode=SupportSlot.Mode.PHONE, venue=None, minutes=50):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    return SupportSlot.objects.create(
        area=area, worker=worker, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes), mode=mode, venue=venue
    )


@pytest.fixture
def site(db):
    """Croydon has a worker (Sara) and a safeguarding lead (Lina); the Borders a worker and lead of their own."""
    site = site_build()
    site.sara = _user("sara-worker")
    site.sam = _user("sam-worker")
    site.lina = _user("lina-lead")
    site.bea = _user("bea-borders-lead")
    site.ben = _user("ben-borders-worker")
    for area, user, role in (
        (site.croydon, site.sara, SupportRole.Kind.WORKER),
        (site.croydon, site.sam, SupportRole.Kind.WORKER),
        (site.croydon, site.lina, SupportRole.Kind.LEAD),
        (site.borders, site.bea, SupportRole.Kind.LEAD),
        (site.borders, site.ben, SupportRole.Kind.WORKER),
    ):
        support_role_add(area=area, user=user, role=role)
    site.venue = Venue.objects.create(name="Family Centre", address="1 High Street", postcode="CR0 1AA")
    site.slot = slot_add(site.croydon, site.sara)
    site.later_slot = slot_add(site.croydon, site.sara, days=3)
    site.sam_slot = slot_add(site.croydon, site.sam, days=4)
    site.borders_slot = slot_add(site.borders, site.ben, days=5)
    return site
