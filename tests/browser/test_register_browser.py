"""On the day, at phone width: a group leader prints the register for a hall with no signal,
then types the paper in afterwards."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Booking, Session
from events.models.bookings import BookingStatus
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def today(db):
    site = two_area_site()
    user_in("amina_leader", group_leader_role_ensure(site.mums))
    session = session_make(site.mums, days=1)
    families = [
        book(session, first_name=name, email=f"{name.lower()}@example.org").bookings[0]
        for name in ("Amina", "Sara", "Nadia")
    ]
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - dt.timedelta(minutes=15), end=timezone.now() + dt.timedelta(hours=1)
    )
    return session, families


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("amina_leader")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_a_leader_prints_the_register_and_types_it_in_afterwards(
    phone_page, live_server, today, assert_no_serious_axe_violations
):
    page = phone_page
    session, (amina, sara, nadia) = today
    sign_in(page, live_server)
    register_url = f"{live_server.url}/admin/sessions/{session.pk}/"
    page.goto(register_url)
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Print the register").click()
    page.wait_for_url(f"{register_url}print/")
    booked = page.get_by_role("table").first
    expect(booked.get_by_role("columnheader", name="Here")).to_be_visible()
    expect(booked.get_by_role("row")).to_have_count(4)  # a heading row and three families
    expect(booked.get_by_role("row", name=re.compile("Nadia"))).to_be_visible()
    expect(page.locator("table.walk-ins tbody tr")).to_have_count(8)
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # scripts may run on the admin's pages
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Back to the register").click()
    page.wait_for_url(register_url)
    page.get_by_role("link", name="Type in the paper register").click()
    page.wait_for_url(f"{register_url}paper/")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Amina came").check()
    page.get_by_label("Sara came").check()
    first_walk_in = page.get_by_role("group", name="Walk-in family 1")
    first_walk_in.get_by_label("Adults").fill("1")
    first_walk_in.get_by_label("Children").fill("2")
    page.get_by_role("button", name="Save the register").click()

    page.wait_for_url(register_url)
    expect(page.get_by_text("Register saved: 2 families came, 1 did not come, 3 people walked in.")).to_be_visible()
    expect(page.get_by_role("group", name="Did Amina come?").get_by_label("Came")).to_be_checked()
    expect(page.get_by_role("group", name="Did Nadia come?").get_by_label("Did not come")).to_be_checked()
    statuses = dict(Booking.objects.filter(session=session).values_list("pk", "status"))
    assert [statuses[amina.pk], statuses[sara.pk], statuses[nadia.pk]] == [
        BookingStatus.ATTENDED,
        BookingStatus.ATTENDED,
        BookingStatus.NO_SHOW,
    ]
    walk_in = Booking.objects.get(session=session, walk_in=True)
    assert (walk_in.adults, walk_in.children) == (1, 2)


def test_the_register_and_its_printed_sheet_are_accessible_on_a_desktop(
    desktop_page, live_server, today, assert_no_serious_axe_violations
):
    page = desktop_page
    session, _ = today
    sign_in(page, live_server)
    for address in ("", "print/", "paper/"):
        page.goto(f"{live_server.url}/admin/sessions/{session.pk}/{address}")
        expect(page.get_by_text("Amina").first).to_be_visible()
        assert_no_serious_axe_violations(page)
