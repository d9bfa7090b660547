"""A family books a run of dates on a phone, sees it as one entry, cancels one date and then the rest."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Booking, Schedule, Session
from events.models.bookings import BookingStatus
from tests.events.booking_support import group_make, session_make

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def run(db):
    group = group_make("Mums' Space", area_title="Croydon")
    schedule = Schedule.objects.create(
        page=group, starts_on=timezone.localdate(), start_time=dt.time(10), run_booking_limit=3
    )
    sessions = []
    for week in range(1, 5):
        session = session_make(group, days=7 * week)
        Session.objects.filter(pk=session.pk).update(schedule=schedule, occurrence_start=session.start)
        sessions.append(session)
    mail.outbox.clear()
    return sessions


def day(session) -> str:
    return f"{session.start.astimezone(timezone.get_current_timezone()):%A %-d %B}"


def test_a_family_books_a_run_sees_it_as_one_entry_and_cancels_a_date_then_the_rest(
    phone_page, live_server, run, assert_no_serious_axe_violations
):
    phone_page.goto(f"{live_server.url}/sessions/{run[0].pk}/")
    phone_page.get_by_label("Your first name").fill("Amina")
    phone_page.get_by_label("Email address").fill("amina@example.org")
    phone_page.get_by_label("Children coming with you").fill("0")
    phone_page.get_by_label(f"Book this and the next 2 sessions, until {day(run[2])}").check()
    phone_page.get_by_label("I agree to the privacy notice").check()
    phone_page.get_by_role("button", name="Book my place").click()
    phone_page.wait_for_url(re.compile(r"/booking/[\w-]+/\?booked=1$"))

    entries = phone_page.locator(".sessions > li")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("3 sessions from")
    phone_page.get_by_text("The 3 dates").click()
    assert_no_serious_axe_violations(phone_page)

    phone_page.get_by_role("button", name=f"Cancel {day(run[1])}").click()
    expect(phone_page.get_by_text("Your booking is cancelled")).to_be_visible()
    expect(phone_page.locator(".sessions > li").first).to_contain_text("2 sessions from")

    phone_page.get_by_role("link", name=re.compile("^Cancel all")).click()
    expect(phone_page.get_by_role("heading", name="Cancel all 2 bookings?")).to_be_visible()
    assert_no_serious_axe_violations(phone_page)
    phone_page.get_by_role("button", name="Yes, cancel all 2").click()
    expect(phone_page.get_by_text("Your 2 bookings are cancelled.")).to_be_visible()
    expect(phone_page.get_by_text("You have no bookings coming up.")).to_be_visible()
    assert_no_serious_axe_violations(phone_page)

    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert Booking.objects.count() == 3
    # One email for the booking, one for the date cancelled alone, one for the rest together.
    assert len(mail.outbox) == 3
