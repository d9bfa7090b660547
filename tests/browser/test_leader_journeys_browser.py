"""A village group leader, signed in for the first time on a phone, moves a session to
another hall and cancels one; the families are told correctly, and nothing is cancelled
by a stray tap."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from events.models import Session
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, session_make
from tests.factories import area_add, group_add, site_tree, venue_add

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long leader password for the test"


@pytest.fixture
def walkerburn(db):
    area = area_add(site_tree(), "Scottish Borders")
    hall = venue_add("Walkerburn Public Hall", area=area)
    venue_add("Walkerburn Church Hall", area=area, postcode="EH43 6AB")
    group = group_add(area, "Walkerburn Wee Ones", venue=hall)
    leader = get_user_model().objects.create_user("kirsty", "kirsty@example.org", PASSWORD)
    leader.groups.add(group_leader_role_ensure(group))
    return group


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("kirsty")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


def listed_day(session) -> str:
    return f"{session.start.astimezone(LOCAL_TZ):%a %-d %b %Y}"


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_a_leader_moves_one_session_to_another_hall_and_cancels_another(
    request, page_fixture, live_server, walkerburn, assert_no_serious_axe_violations, text_outbox
):
    page = request.getfixturevalue(page_fixture)
    to_move = session_make(walkerburn, days=3, at=dt.time(10))
    to_cancel = session_make(walkerburn, days=10, at=dt.time(10))
    book(to_move, first_name="Eilidh", email="eilidh@example.org")
    book(to_cancel, first_name="Morag", phone="07700 900123", texts=True, email="")
    sign_in(page, live_server)

    # Who is coming: the bookings list names the family booked.
    page.goto(f"{live_server.url}/admin/bookings/")
    expect(page.get_by_role("row").filter(has_text="Eilidh").first).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.goto(f"{live_server.url}/admin/sessions/")
    assert_no_serious_axe_violations(page)
    row = page.get_by_role("row").filter(has_text=listed_day(to_move))
    row.get_by_role("link", name="Move").click()

    # The move form starts with the session as it is.
    expect(page.get_by_label("Starts at")).to_have_value("10:00")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Venue").select_option(label="Walkerburn Church Hall, EH43 6AB")
    page.get_by_label("Starts at").fill("13:30")
    page.get_by_label("Ends at").fill("15:30")
    page.get_by_label("Reason (optional)").fill("The public hall boiler is broken")
    page.get_by_role("button", name="Move the session and tell the families").click()
    expect(page.get_by_text("Moved the session.").first).to_be_visible()

    moved = Session.objects.get(pk=to_move.pk)
    assert moved.status == SessionStatus.MOVED
    assert moved.venue.name == "Walkerburn Church Hall"
    assert moved.start.astimezone(LOCAL_TZ).time() == dt.time(13, 30)
    email = [message for message in mail.outbox if "eilidh@example.org" in message.to][-1]
    assert "Walkerburn Church Hall" in email.body and "Walkerburn Public Hall" in email.body
    assert "Now:" in email.body and "Before:" in email.body

    # A stray tap on "Cancel" only opens a page that asks for the reason; leaving it cancels nothing.
    page.goto(f"{live_server.url}/admin/sessions/")
    page.get_by_role("row").filter(has_text=listed_day(to_cancel)).get_by_role("link", name="Cancel").click()
    expect(page.get_by_text("This cannot be undone.").first).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Cancel the session and tell the families").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert Session.objects.get(pk=to_cancel.pk).status == SessionStatus.SCHEDULED

    page.get_by_label("Reason").fill("The hall is needed for the village show")
    page.get_by_role("button", name="Cancel the session and tell the families").click()
    expect(page.get_by_text("The families are being told, by email or text as each chose").first).to_be_visible()
    assert Session.objects.get(pk=to_cancel.pk).status == SessionStatus.CANCELLED
    text = [text for text in text_outbox if text.to == "+447700900123"][-1]
    assert "cancel" in text.body.lower()


def test_a_leader_sees_only_their_own_groups_sessions(phone_page, live_server, walkerburn):
    other = group_add(walkerburn.get_parent(), "Innerleithen Toddlers", venue=walkerburn.venue)
    session_make(other, days=2)
    own = session_make(walkerburn, days=2)
    sign_in(phone_page, live_server)
    phone_page.goto(f"{live_server.url}/admin/sessions/")
    expect(phone_page.get_by_role("row").filter(has_text=listed_day(own)).first).to_be_visible()
    expect(phone_page.get_by_text("Innerleithen Toddlers")).to_have_count(0)
