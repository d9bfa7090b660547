"""A staff member signs in, creates a group with a fortnightly schedule in the real page editor,
cancels one of its sessions and ticks the register, all in Chromium."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Booking, GroupPage, Session
from events.models.bookings import BookingStatus
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ
from tests.events.booking_support import book
from tests.factories import area_add, site_tree

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long staff password for the test"
TUESDAY = 1


@pytest.fixture
def area(db):
    area = area_add(site_tree(), "Scottish Borders")
    get_user_model().objects.create_superuser("morag", "morag@example.org", PASSWORD)
    return area


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("morag")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


def next_tuesday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    return day + dt.timedelta(days=(TUESDAY - day.weekday()) % 7)


def test_staff_create_a_fortnightly_group_cancel_a_session_and_tick_the_register(desktop_page, live_server, area):
    page = desktop_page
    sign_in(page, live_server)
    first = next_tuesday()

    # A new group, in the page editor.
    page.goto(f"{live_server.url}/admin/pages/add/events/grouppage/{area.pk}/")
    page.locator("#id_title").fill("Broughton Little Ones")
    page.locator("#id_summary").fill("Play and a cuppa in the village hall.")
    page.locator('[data-contentpath="what_happens"] [contenteditable="true"]').first.click()
    page.keyboard.type("Toys out, kettle on, songs at eleven.")
    page.locator("#id_schedules-ADD").click()
    page.locator("#id_schedules-0-repeats").select_option("fortnightly")
    page.locator("#id_schedules-0-weekday").select_option(str(TUESDAY))
    page.locator("#id_schedules-0-starts_on").fill(first.isoformat())
    page.locator("#id_schedules-0-start_time").fill("10:30")
    page.locator("#id_schedules-0-adult_places").fill("10")
    page.locator("#id_title").click()  # a click elsewhere closes the date and time pickers
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    # Publishing makes a year of sessions and the group's roles: slower than a click on a busy machine.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"), timeout=45_000)

    # The English page; publishing it gave each other language an alias of it.
    group = GroupPage.objects.get(title="Broughton Little Ones", alias_of__isnull=True)
    assert group.live
    sessions = list(Session.objects.filter(page=group).order_by("start"))
    assert len(sessions) >= 6
    assert sessions[0].start == dt.datetime.combine(first, dt.time(10, 30), tzinfo=LOCAL_TZ)
    days = [session.start.astimezone(LOCAL_TZ).date() for session in sessions]
    assert {(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)} == {14}
    assert {session.start.astimezone(LOCAL_TZ).time() for session in sessions} == {dt.time(10, 30)}

    # Cancel the first session from the sessions listing.
    page.goto(f"{live_server.url}/admin/sessions/")
    row = page.get_by_role("row").filter(has_text=f"{sessions[0].start.astimezone(LOCAL_TZ):%a %-d %b %Y}")
    row.get_by_role("link", name="Cancel").click()
    page.get_by_label("Reason").fill("The hall is closed for the village show")
    page.get_by_role("button", name="Cancel the session and tell the families").click()
    expect(page.get_by_text("The families are being told, by email or text as each chose").first).to_be_visible()
    cancelled = Session.objects.get(pk=sessions[0].pk)
    assert (cancelled.status, cancelled.status_reason) == (
        SessionStatus.CANCELLED,
        "The hall is closed for the village show",
    )

    # A family books the next session; on its day, the leader ticks the register.
    booking = book(sessions[1], first_name="Eilidh", email="eilidh@example.org").bookings[0]
    Session.objects.filter(pk=sessions[1].pk).update(
        start=timezone.now() - dt.timedelta(minutes=15), end=timezone.now() + dt.timedelta(hours=1)
    )
    page.goto(f"{live_server.url}/admin/sessions/{sessions[1].pk}/")
    page.get_by_role("group", name="Did Eilidh come?").get_by_label("Came").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Register saved.").first).to_be_visible()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ATTENDED
