"""On phones: a family suggests a topic, its leader approves it, three families vote (one changes
her vote), staff turn the top topic into a workshop and publish it, and a voter is told and books
in one step."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Booking, TopicSuggestion, WorkshopIndexPage, WorkshopPage
from events.models.messages import TopicMessageKind
from events.topic_messages import topic_workshop_email_render
from home.permissions import group_leader_role_ensure
from messaging.models import OutboundMessage
from tests.events.booking_support import book, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long password for the topics test"


@pytest.fixture
def croydon(db):
    site = two_area_site()
    assert WorkshopIndexPage.objects.exists()  # made by the site tree
    for user in (site.staff, user_in("amina_leader", group_leader_role_ensure(site.mums))):
        user.set_password(PASSWORD)
        user.save()
    session = session_make(site.mums, days=3)
    site.families = [
        book(session, first_name=name, email=f"{name.lower()}@example.org").contact
        for name in ("Amina", "Bushra", "Chloe")
    ]
    TopicSuggestion.objects.create(title="Baby massage", group=site.mums, status="approved")
    return site


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


def ideas(page, live_server, contact):
    page.goto(live_server.url + reverse("events:topics_family", args=[contact.manage_token]))


def test_families_choose_a_topic_and_book_the_workshop_it_becomes(
    phone_page, browser, live_server, croydon, assert_no_serious_axe_violations
):
    page = phone_page
    amina, bushra, chloe = croydon.families

    # A family suggests an idea for its group.
    ideas(page, live_server, amina)
    assert_no_serious_axe_violations(page)
    page.get_by_role("group", name="For which group or area?").get_by_label("Mums' Space").check()
    page.get_by_label("Your idea").fill("Sleep and little ones")
    page.get_by_role("button", name="Send my idea").click()
    expect(page.get_by_text("Thank you for your idea.")).to_be_visible()
    expect(page.get_by_text("A leader will look at it soon.")).to_be_visible()

    # Its leader approves it from the admin's home page, on a phone.
    leader = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    sign_in(leader, live_server, "amina_leader")
    panel = leader.locator("#topics-new-section")
    expect(panel).to_contain_text("New suggestions")
    panel.get_by_role("link", name="Sleep and little ones").click()
    leader.get_by_label("Approve it: families can vote for it").check()
    leader.get_by_role("button", name="Save the decision").click()
    expect(leader.get_by_text("Open for votes").first).to_be_visible()
    leader.context.close()

    # Three families vote; Chloe changes her vote.
    for contact in (amina, bushra, chloe):
        ideas(page, live_server, contact)
        page.get_by_role("button", name="Vote for Sleep and little ones").click()
        expect(page.get_by_text("Thank you: you voted for “Sleep and little ones”.")).to_be_visible()
    page.get_by_role("button", name="Take back my vote for Sleep and little ones").click()
    expect(page.get_by_text("Your vote for “Sleep and little ones” is taken back.")).to_be_visible()
    page.get_by_role("button", name="Vote for Baby massage").click()
    assert_no_serious_axe_violations(page)
    ranked = page.locator("ol.topics > li")
    expect(ranked.first).to_contain_text("Sleep and little ones")
    expect(ranked.first).to_contain_text("2 votes")
    expect(ranked.nth(1)).to_contain_text("1 vote")

    # The group's public page shows what is planned, without names.
    page.goto(live_server.url + croydon.mums.url)
    planned = page.locator("section", has=page.get_by_role("heading", name="What we’re planning next"))
    expect(planned).to_contain_text("Sleep and little ones")
    expect(planned).not_to_contain_text("Amina")

    # Staff turn the top topic into a draft workshop.
    staff = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    sign_in(staff, live_server, "staff")
    topic = TopicSuggestion.objects.get(title="Sleep and little ones")
    staff.goto(live_server.url + reverse("events_topic:workshop", args=[topic.pk]))
    staff.get_by_role("button", name="Make a draft workshop").click()
    staff.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(staff.locator("#id_title")).to_have_value("Sleep and little ones")

    # In the page editor, staff give it a date and publish it: the families who chose it are told.
    staff.locator("#id_schedules-ADD").click()
    staff.locator("#id_schedules-0-repeats").select_option("once")
    staff.locator("#id_schedules-0-starts_on").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    staff.locator("#id_schedules-0-start_time").fill("13:00")
    staff.locator("#id_schedules-0-adult_places").fill("12")
    staff.locator("#id_title").click()  # a click elsewhere closes the date and time pickers
    staff.get_by_role("button", name="More actions").click()
    staff.get_by_role("button", name="Publish").click()
    staff.wait_for_url(re.compile(r"/admin/pages/\d+/$"), timeout=45_000)
    staff.context.close()
    workshop = WorkshopPage.objects.get(title="Sleep and little ones", alias_of__isnull=True)
    assert workshop.live
    told = OutboundMessage.objects.filter(kind=TopicMessageKind.WORKSHOP_READY)
    # Chloe took her vote back, so she is not told.
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([amina.pk, bushra.pk])

    # Bushra follows the link in her email and books with one button.
    email = topic_workshop_email_render(told.get(recipient_id=bushra.pk))
    link = re.search(r"https?://\S+/book/\d+/", email.text).group(0)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_text("You are booked.")).to_be_visible()
    assert Booking.objects.filter(session__page=workshop, contact__first_name="Bushra").exists()
