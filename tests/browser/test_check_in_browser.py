"""A mum answers an anonymous check-in on her phone, by radio buttons, with and without JavaScript;
the page passes axe, and the link refuses a second answer in plain words."""

import datetime as dt
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events.models import CheckInAnswer, CheckInInvitation
from events.services.check_ins import token_hash
from tests.events.booking_support import group_make

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def link(db):
    token = secrets.token_urlsafe(16)
    CheckInInvitation.objects.create(
        group=group_make("Mums' Space", area_title="Croydon"),
        kind="first",
        expires_on=timezone.localdate() + dt.timedelta(days=7),
        token_hash=token_hash(token),
    )
    return reverse("events:check_in_answer", args=[token])


@pytest.mark.parametrize("page_fixture", ["phone_page", "no_js_page"])
def test_a_family_answers_the_check_in_once(page_fixture, request, live_server, link, assert_no_serious_axe_violations):
    page = request.getfixturevalue(page_fixture)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Three short questions")
    if page_fixture == "phone_page":
        assert_no_serious_axe_violations(page)
    page.get_by_role("group", name="How often do you feel lonely?").get_by_label("Hardly ever").check()
    page.get_by_role("group", name="How welcome did you feel at the group?").get_by_label("Quite welcome").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    answer = CheckInAnswer.objects.get()
    assert (answer.lonely, answer.welcome, answer.service_used) == ("hardly_ever", "quite", "")

    page.goto(live_server.url + link)
    expect(page.get_by_text("This link has already been used. Thank you for answering.")).to_be_visible()
