"""A mum with only a phone books by text on a phone, opens the short link from her text and
changes how we reach her; every page is checked with axe, and it all works with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Contact
from tests.events.booking_support import group_make, session_make

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def session(db):
    return session_make(group_make("Mums' Space", area_title="Croydon"), places=6)


def short_path(body: str) -> str:
    return re.search(r"(/t/[\w-]+)", body).group(1)


@pytest.mark.parametrize("page_fixture", ["phone_page", "no_js_page"])
def test_a_phone_only_family_books_by_text_and_follows_the_link_in_the_text(
    page_fixture, request, live_server, session, text_outbox, assert_no_serious_axe_violations
):
    page = request.getfixturevalue(page_fixture)
    # axe runs as a script in the page, which a page with JavaScript off never runs.
    javascript_on = page_fixture == "phone_page"

    def check_accessibility():
        if javascript_on:
            assert_no_serious_axe_violations(page)

    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_label("Your first name").fill("Nasreen")
    page.get_by_label("Phone number").fill("01896 820000")  # a landline in Galashiels
    page.get_by_label("Send me text messages about my booking").check()
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_text("Texts need a mobile number, and this looks like a landline.").first).to_be_visible()
    check_accessibility()
    # What she typed is still there: she only changes the number.
    expect(page.get_by_label("Your first name")).to_have_value("Nasreen")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Book my place").click()
    page.wait_for_url(re.compile(r"/booking/[\w-]+/\?booked=1$"))
    expect(page.get_by_text("We have sent the details by text to your mobile")).to_be_visible()
    check_accessibility()

    [text] = text_outbox
    assert text.to == "+447700900123"
    page.goto(live_server.url + short_path(text.body))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings, Nasreen")
    page.get_by_role("link", name="Change how we reach you").click()
    check_accessibility()
    page.get_by_label("Email address").fill("nasreen@example.org")
    page.get_by_label("Send me text messages about my bookings").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Thank you: we will reach you this way from now on.")).to_be_visible()
    contact = Contact.objects.get()
    assert contact.email == "nasreen@example.org" and contact.texts_agreed_at is None
