"""An area coordinator invites a new group leader, who opens the emailed link, chooses a
password and reaches their group in the admin, on a desktop and on a phone."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from home.permissions import area_coordinator_role_ensure
from tests.events.booking_support import two_area_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long coordinator password"
LEADER_PASSWORD = "tweed valley toddlers 2031"
LINK = re.compile(r"http://\S+(/admin/password_reset/confirm/\S+/)")


@pytest.fixture
def site(db):
    site = two_area_site()
    coordinator = get_user_model().objects.create_user("eilidh", "eilidh@example.org", PASSWORD)
    coordinator.groups.add(area_coordinator_role_ensure(site.borders))
    return site


def _sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.parametrize("device", ["desktop_page", "phone_page"])
def test_a_coordinator_invites_a_leader_who_sets_a_password_and_reaches_their_group(
    request, device, live_server, site, assert_no_serious_axe_violations
):
    page = request.getfixturevalue(device)
    mail.outbox.clear()
    _sign_in(page, live_server, "eilidh", PASSWORD)

    page.goto(f"{live_server.url}/admin/leaders/")
    expect(page.get_by_role("heading", name="Peebles Toddlers")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Invite a leader to Peebles Toddlers").click()
    expect(page.get_by_label("Group")).to_have_value(str(site.peebles.pk))
    assert_no_serious_axe_violations(page)
    page.get_by_label("First name").fill("Fiona")
    page.get_by_label("Email address").fill("fiona@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("fiona@example.org is now a leader of Peebles Toddlers")).to_be_visible()
    expect(page.get_by_role("cell", name="fiona@example.org")).to_be_visible()

    assert len(mail.outbox) == 1
    link = LINK.search(mail.outbox[0].body)[1]

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", name="Set your new password")).to_be_visible()
    page.locator("#id_new_password1").fill(LEADER_PASSWORD)
    page.locator("#id_new_password2").fill(LEADER_PASSWORD)
    page.get_by_role("button", name="Reset password").click()
    page.wait_for_url(re.compile(r"/admin/password_reset/complete/"))

    _sign_in(page, live_server, "fiona@example.org", LEADER_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{site.peebles.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Peebles Toddlers")
    page.goto(f"{live_server.url}/admin/pages/{site.mums.pk}/edit/")
    expect(page.locator("#id_title")).to_have_count(0)
