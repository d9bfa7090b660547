"""On phones: a mum who reads Urdu asks for a one-to-one session, the worker offers her another
time, and she accepts it from her private link; nobody else sees that she asked.

The mum opens Croydon's one-to-one page in Urdu, picks a free time and fills in the form in
Urdu. The worker assigned to that time signs in to the admin on a phone, reads her few words
and offers another time; the mum opens the link in her email, written in Urdu, and says yes;
the worker sees the new time agreed, and so does the programme's safeguarding lead. The
leader of Croydon's group, a whole-site editor without the support role, a superuser and a
visitor who is not signed in find nothing of hers: the request's admin addresses refuse
them, the lists they can open do not show it, and the public page shows the times only.

Links and buttons on the family's side are found by where they go and what they do, not by
their words, which the translators change.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from demo.base import DemoReport
from demo.support import PAGE_TRANSLATIONS, support_page_load
from demo.translations import translation_ensure
from events.recurrence import local_datetime
from support.models import SupportRequest, SupportRole, SupportSlot
from support.services import support_role_add, support_slots_create
from tests.browser.conftest import PHONE
from tests.events.booking_support import two_area_site_with_leaders, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long password for the one-to-one test"
FIRST_NAME = "شبانہ"
EMAIL = "shabana@example.org"
ABOUT = "بچوں کے ساتھ اپنے ہفتے کی منصوبہ بندی میں مدد چاہیے"  # "help to plan my week with the children"


def _next_tuesday(at):
    today = timezone.localdate()
    return local_datetime(today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7), at)


@pytest.fixture
def croydon(db):
    """Croydon's one-to-one page in every language (translated into Urdu), its worker and lead, and two times.

    Amina leads Croydon's group but has no one-to-one role; "staff" edit the whole site.
    """
    site = two_area_site_with_leaders()
    site.page = support_page_load(DemoReport(), site.croydon)
    english = Locale.get_default()
    for locale in Locale.objects.exclude(pk=english.pk):
        synchronize_tree(english, locale)
    site.urdu_page, _ = translation_ensure(site.page, Locale.objects.get(language_code="ur"), PAGE_TRANSLATIONS["ur"])

    users = get_user_model().objects
    site.worker = user_in("worker")
    site.lead = user_in("lead")
    site.superuser = users.create_superuser("admin", "admin@example.org", PASSWORD)
    support_role_add(area=site.croydon, user=site.worker, role=SupportRole.Kind.WORKER)
    support_role_add(area=site.croydon, user=site.lead, role=SupportRole.Kind.LEAD)
    for user in (site.worker, site.lead, site.staff, site.mums_leader):
        user.set_password(PASSWORD)
        user.save()

    venue = site.mums.venue
    first, later = support_slots_create(
        area=site.croydon,
        worker=site.worker,
        first_start=_next_tuesday(dt.time(12, 30)),
        length_minutes=50,
        mode=SupportSlot.Mode.VENUE,
        venue=venue,
        repeat_weeks=1,
    )
    site.asked_slot, site.other_slot = first, later
    mail.outbox.clear()
    return site


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


def phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(15_000)
    return context.new_page()


def _link_in_email_to(address, live_server):
    """The private link in the last email to `address`, as a path on the live server."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email to {address}"
    link = re.search(r"https?://\S+/one-to-one/[\w-]+/", sent[-1].body).group(0)
    return sent[-1], live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_a_mum_asks_in_urdu_the_worker_offers_another_time_and_she_accepts(
    phone_page, browser, live_server, croydon, assert_no_serious_axe_violations
):
    page = phone_page
    urdu_url = live_server.url + croydon.urdu_page.url
    assert croydon.urdu_page.url.startswith("/ur/")

    # The mum opens the one-to-one page in Urdu and picks the first free time.
    page.goto(urdu_url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("h1")).to_have_text(PAGE_TRANSLATIONS["ur"]["title"])
    assert_no_serious_axe_violations(page)
    ask_path = f"/ur/one-to-one/{croydon.asked_slot.pk}/ask/"
    page.locator(f'main a[href="{ask_path}"]').click()
    expect(page).to_have_url(live_server.url + ask_path)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_no_serious_axe_violations(page)

    # She fills in the form in Urdu: her first name, her email, Urdu, and a few words.
    page.locator("#id_first_name").fill(FIRST_NAME)
    page.locator("#id_email").fill(EMAIL)
    expect(page.locator("#id_language")).to_have_value("ur")
    page.locator("#id_about").fill(ABOUT)
    page.locator("#id_consent").check()
    assert_no_serious_axe_violations(page, include="main form")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(re.compile(r"/ur/one-to-one/[\w-]+/\?asked=1$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main")).to_contain_text(FIRST_NAME)
    assert_no_serious_axe_violations(page)

    request = SupportRequest.objects.select_related("contact").get()
    assert (request.contact.first_name, request.language, request.about) == (FIRST_NAME, "ur", ABOUT)
    assert (request.slot, request.worker, request.status) == (croydon.asked_slot, croydon.worker, "asked")

    # Her email confirms it, in Urdu, with her private link.
    confirmation, private_link = _link_in_email_to(EMAIL, live_server)
    assert "/ur/one-to-one/" in private_link
    assert 'lang="ur"' in confirmation.alternatives[0].content

    # The worker assigned to that time signs in on a phone and finds the request waiting.
    worker = phone(browser)
    sign_in(worker, live_server, "worker")
    waiting = worker.locator("#support-waiting-section")
    expect(waiting).to_be_visible()
    waiting.get_by_role("link", name="See the requests").click()
    detail_path = reverse("support_admin:request", args=[request.pk])
    row = worker.locator("table.listing tbody tr", has=worker.locator(f'a[href="{detail_path}"]'))
    expect(row).to_contain_text("Asked")
    row.locator(f'a[href="{detail_path}"]').click()
    family = worker.locator("section", has=worker.get_by_role("heading", name="The family"))
    expect(family).to_contain_text(FIRST_NAME)
    expect(family).to_contain_text(ABOUT)
    expect(family).to_contain_text(EMAIL)

    # She offers another of her times.
    worker.locator(f'input[name="slot"][value="{croydon.other_slot.pk}"]').check()
    worker.get_by_role("button", name="Offer this time").click()
    expect(worker.get_by_text("The time is offered.")).to_be_visible()
    request.refresh_from_db()
    assert (request.status, request.offered_slot) == ("offered", croydon.other_slot)

    # The mum opens the link in the email telling her of the new time, and takes it.
    offer, offer_link = _link_in_email_to(EMAIL, live_server)
    assert offer is not confirmation and offer_link == private_link
    page.goto(offer_link)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    assert_no_serious_axe_violations(page)
    page.locator('button[name="action"][value="accept"]').click()
    expect(page.locator("main")).to_contain_text(_when(croydon.other_slot, "ur"))
    expect(page.locator('button[name="action"][value="accept"]')).to_have_count(0)
    request.refresh_from_db()
    assert (request.status, request.slot, request.offered_slot) == ("asked", croydon.other_slot, None)

    # The worker sees the new time agreed.
    worker.reload()
    expect(worker.locator("dl").first).to_contain_text(_admin_when(croydon.other_slot))
    expect(worker.locator("dl").first).to_contain_text("Asked")
    expect(worker.locator("dl").first).not_to_contain_text("Time offered instead")
    worker.context.close()

    # The programme's safeguarding lead sees it too.
    lead = phone(browser)
    sign_in(lead, live_server, "lead")
    lead.goto(live_server.url + reverse("support_admin:requests"))
    expect(lead.locator(f'a[href="{detail_path}"]')).to_have_count(1)
    lead.context.close()

    _nobody_else_sees_it(browser, live_server, croydon, request)


def _when(slot, language):
    """How the family's pages write the time of `slot` in `language`."""
    with translation.override(language):
        return date_format(timezone.localtime(slot.starts_at), "l j E Y")


def _admin_when(slot):
    return date_format(timezone.localtime(slot.starts_at), "l j F Y, H:i")


def _nobody_else_sees_it(browser, live_server, croydon, request):
    """Another group's leader, a whole-site editor, a superuser and a visitor find nothing of the mum's."""
    private = [FIRST_NAME, ABOUT, EMAIL]
    request_addresses = [
        reverse("support_admin:request", args=[request.pk]),
        reverse("support_admin:request_offer", args=[request.pk]),
        reverse("support_admin:request_note", args=[request.pk]),
        reverse("events_privacy:contact", args=[request.contact_id]),
        reverse("events_privacy:contact_export", args=[request.contact_id]),
    ]
    lists = [
        "/admin/",
        reverse("support_admin:requests") + "?show=all",
        reverse("support_admin:slots"),
        "/admin/bookings/",
        reverse("support_roles:index"),
    ]
    for username in ("amina_leader", "staff", "admin"):
        page = phone(browser)
        sign_in(page, live_server, username)
        for address in request_addresses:
            response = page.goto(live_server.url + address)
            # Refused: "not found", "forbidden", or the admin's way of saying so, back to its home page.
            sent_home = response.request.redirected_from is not None and page.url == f"{live_server.url}/admin/"
            assert response.status in {403, 404} or sent_home, (username, address, response.status, page.url)
            _shows_none_of(page, private, username, address)
        for address in lists:
            page.goto(live_server.url + address)
            _shows_none_of(page, private, username, address)
            expect(page.locator(f'a[href^="{reverse("support_admin:requests")}"]')).to_have_count(0)
        page.context.close()

    # A visitor who is not signed in is sent to sign in, and the public page shows the times only.
    page = phone(browser)
    for address in request_addresses:
        page.goto(live_server.url + address)
        expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
        _shows_none_of(page, private, "anonymous", address)
    for public in (croydon.page.url, croydon.urdu_page.url):
        page.goto(live_server.url + public)
        _shows_none_of(page, private, "anonymous", public)
        expect(page.locator(f'a[href$="/one-to-one/{croydon.asked_slot.pk}/ask/"]')).to_have_count(1)
        expect(page.locator(f'a[href$="/one-to-one/{croydon.other_slot.pk}/ask/"]')).to_have_count(0)
    page.context.close()


def _shows_none_of(page, words, who, address):
    html = page.content()
    for word in words:
        assert word not in html, (who, address, word)
