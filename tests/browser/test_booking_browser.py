"""A family books on a phone, gets the email, opens the private link and cancels; the next family waiting
is given the place. Every booking page is checked with axe, and booking works with JavaScript off."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Booking, WaitingEntry
from events.models.bookings import BookingStatus, WaitingStatus
from tests.events.booking_support import group_make, session_make

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def session(db):
    group = group_make("Mums' Space", area_title="Croydon", has_creche=True)
    mail.outbox.clear()
    return session_make(group, places=1, creche=2)


def manage_link(message) -> str:
    return re.search(r"https?://\S+/booking/[\w-]+/", message.body).group(0)


def fill_family(page, *, first_name, email, children="0"):
    page.get_by_label("Your first name").fill(first_name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Children coming with you").fill(children)
    page.get_by_label("I agree to the privacy notice").check()


def test_a_family_books_on_a_phone_cancels_through_the_private_link_and_the_next_family_gets_the_place(
    phone_page, browser, live_server, session, assert_no_serious_axe_violations
):
    url = f"{live_server.url}/sessions/{session.pk}/"

    # Amina books the last place.
    phone_page.goto(url)
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Mums' Space"
    assert_no_serious_axe_violations(phone_page)
    phone_page.get_by_role("button", name="Book my place").click()
    expect(phone_page.get_by_text("Please check the form")).to_be_visible()
    assert_no_serious_axe_violations(phone_page)
    fill_family(phone_page, first_name="Amina", email="amina@example.org", children="1")
    phone_page.get_by_role("button", name="Book my place").click()
    phone_page.wait_for_url(re.compile(r"/booking/[\w-]+/\?booked=1$"))
    expect(phone_page.get_by_text("You are booked.")).to_be_visible()
    assert_no_serious_axe_violations(phone_page)

    # Sara, on another phone, finds the session full and joins the waiting list.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sara = context.new_page()
    sara.goto(url)
    expect(sara.get_by_role("heading", name="Join the waiting list")).to_be_visible()
    assert_no_serious_axe_violations(sara)
    fill_family(sara, first_name="Sara", email="sara@example.org")
    sara.get_by_role("button", name="Join the waiting list").click()
    sara.wait_for_url(re.compile(r"\?waiting=1$"))
    expect(sara.get_by_text("You are on the waiting list.")).to_be_visible()
    context.close()

    # Amina reads her email and opens the private link in it.
    confirmation = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    assert confirmation.attachments[0][0] == "session.ics"
    phone_page.goto(manage_link(confirmation).replace("http://testserver", live_server.url))
    expect(phone_page.get_by_role("heading", name="Your bookings, Amina")).to_be_visible()

    phone_page.get_by_role("link", name=re.compile("^Cancel")).click()
    expect(phone_page.get_by_role("heading", name="Cancel your booking?")).to_be_visible()
    assert_no_serious_axe_violations(phone_page)
    phone_page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(phone_page.get_by_text("Your booking is cancelled")).to_be_visible()
    expect(phone_page.get_by_text("You have no bookings coming up.")).to_be_visible()

    assert Booking.objects.get(contact__first_name="Amina").status == BookingStatus.CANCELLED
    entry = WaitingEntry.objects.get(contact__first_name="Sara")
    assert entry.status == WaitingStatus.PROMOTED
    assert entry.booking.status == BookingStatus.CONFIRMED
    promoted = [m for m in mail.outbox if m.to == ["sara@example.org"]]
    assert any(m.subject.startswith("Good news, you have a place") for m in promoted)


def test_booking_works_with_javascript_turned_off(no_js_page, live_server, session):
    no_js_page.goto(f"{live_server.url}/sessions/{session.pk}/")

    fill_family(no_js_page, first_name="Morag", email="morag@example.org")
    no_js_page.get_by_role("button", name="Book my place").click()

    no_js_page.wait_for_url(re.compile(r"\?booked=1$"))
    expect(no_js_page.get_by_text("You are booked.")).to_be_visible()
    assert Booking.objects.filter(contact__first_name="Morag", status=BookingStatus.CONFIRMED).count() == 1
    # The change form too.
    no_js_page.get_by_role("link", name=re.compile("^Change booking")).click()
    no_js_page.get_by_label("Children coming with you").fill("2")
    no_js_page.get_by_role("button", name="Save the changes").click()
    expect(no_js_page.get_by_text("Your booking is changed")).to_be_visible()
    assert Booking.objects.get(contact__first_name="Morag").children == 2


def test_every_booking_page_has_no_serious_accessibility_problems(
    phone_page, live_server, session, assert_no_serious_axe_violations
):
    from events.services.sessions import session_cancel
    from events.services.waiting_list import waiting_join
    from tests.events.booking_support import book, family

    amina = book(
        session, first_name="Amina", email="amina@example.org", children=1, creche_children=1, children_ages="2"
    )
    sara = waiting_join(session=session, **family(first_name="Sara", email="sara@example.org"))
    drop_in = session_make(session.page, days=9, mode="drop_in")
    cancelled = session_make(session.page, days=16)
    session_cancel(session=cancelled, reason="The centre is closed for Eid")
    amina_token, sara_token = amina.contact.manage_token, sara.contact.manage_token
    pages = {
        "full session, waiting-list form": f"/sessions/{session.pk}/",
        "drop-in session": f"/sessions/{drop_in.pk}/",
        "cancelled session": f"/sessions/{cancelled.pk}/",
        "private page": f"/booking/{amina_token}/",
        "change form": f"/booking/{amina_token}/{amina.bookings[0].pk}/change/",
        "cancel confirmation": f"/booking/{amina_token}/{amina.bookings[0].pk}/cancel/",
        "leave the waiting list": f"/booking/{sara_token}/waiting/{sara.entry.pk}/leave/",
    }
    for name, path in pages.items():
        response = phone_page.goto(live_server.url + path)
        assert response.status == 200, name
        assert_no_serious_axe_violations(phone_page)
