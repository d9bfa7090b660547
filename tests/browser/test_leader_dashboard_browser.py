"""A group leader signs in on a phone or a computer, sees who is coming on Monday, and takes
today's register from the admin's home page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Session
from events.recurrence import LOCAL_TZ
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long leader password for the test"
MONDAY = 0


@pytest.fixture
def peebles(db):
    site = two_area_site()
    leader = user_in("fiona", group_leader_role_ensure(site.peebles))
    leader.set_password(PASSWORD)
    leader.save()
    today = timezone.localdate()
    monday = today + dt.timedelta(days=(MONDAY - today.weekday()) % 7 or 7)
    site.monday = session_make(site.peebles, days=(monday - today).days, places=3)
    book(site.monday, first_name="Amina", adults=2)
    book(site.monday, first_name="Bea", email="bea@example.org")
    now = timezone.now()
    site.today = Session.objects.create(
        page=site.peebles, start=now, end=now + dt.timedelta(hours=1), adult_places=10, venue_id=site.peebles.venue_id
    )
    book(session_make(site.mums, days=1), first_name="Chloe")
    return site


@pytest.mark.parametrize("width", ["phone_page", "desktop_page"])
def test_a_leader_sees_mondays_places_and_takes_todays_register(
    request, width, live_server, peebles, assert_no_serious_axe_violations
):
    page = request.getfixturevalue(width)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("fiona")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")

    sessions = page.locator("#next-sessions-section")
    monday = sessions.get_by_role("listitem").filter(
        has_text=peebles.monday.start.astimezone(LOCAL_TZ).strftime("Monday %-d")
    )
    expect(monday).to_contain_text("3 booked")
    expect(monday).to_contain_text("0 places left")
    expect(monday).to_contain_text("0 waiting")
    expect(sessions).not_to_contain_text("Mums' Space")
    expect(page.locator("#recent-changes-section")).to_contain_text("Amina booked (3 people)")
    assert_no_serious_axe_violations(page)

    sessions.get_by_role("link", name=re.compile("^Take the register")).click()
    page.wait_for_url(f"{live_server.url}/admin/sessions/{peebles.today.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peebles Toddlers")
