"""Staff open a grant's funder report on a phone and on a desktop, choose a preset period
without JavaScript, download the spreadsheet and print it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import Grant
from tests.events.funder_support import FIRST, LAST, funded_quarter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long staff password for the test"


@pytest.fixture
def grant(db):
    site = funded_quarter()
    get_user_model().objects.create_superuser("morag", "morag@example.org", PASSWORD)
    grant = Grant.objects.create(funder="Borders Trust", reference="BT-7", starts_on=FIRST, ends_on=LAST)
    grant.areas.add(site.borders)
    return grant


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("morag")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_staff_open_a_grants_report_and_download_it(
    page_fixture, request, live_server, grant, assert_no_serious_axe_violations
):
    page = request.getfixturevalue(page_fixture)
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/admin/grants/")
    page.get_by_role("link", name="Funder report").click()

    totals = page.get_by_role("table", name="In total")
    expect(totals.get_by_role("row", name="All groups and workshops 2 16 8 8 2 1 1")).to_be_visible()
    expect(page.get_by_role("table", name="Per group or workshop")).to_contain_text("Peebles Toddlers")
    expect(page.get_by_role("table", name="Per group or workshop")).not_to_contain_text("Mums")
    assert_no_serious_axe_violations(page)

    link = page.get_by_role("link", name="Download CSV").get_attribute("href")
    spreadsheet = page.request.get(live_server.url + link)
    assert spreadsheet.ok
    assert "Group or workshop,Peebles Toddlers,2,16,8,8,2,1,1" in spreadsheet.text()

    # On paper: the figures, without the admin's menus, the form or the download links.
    page.emulate_media(media="print")
    page.screenshot(path=f"/tmp/funder-report-print-{page_fixture}.png", full_page=True)
    expect(page.locator("#wagtail-sidebar")).to_be_hidden()
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    expect(page.get_by_role("link", name="Download CSV")).to_be_hidden()
    expect(page.get_by_role("table", name="Per area")).to_be_visible()


def test_a_preset_period_works_without_javascript(no_js_page, live_server, grant):
    page = no_js_page
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/admin/funder-report/")
    page.get_by_label("Grant").select_option(label="Borders Trust (BT-7)")
    page.get_by_label("Period").select_option("grant")
    # The admin's sidebar, never built without JavaScript, lies over the page at phone width.
    page.get_by_role("button", name="Show").press("Enter")

    expect(page.get_by_role("heading", name=re.compile("from 1 January 2025 to 31 March 2025"))).to_be_visible()
    expect(page.get_by_role("table", name="Per area")).to_contain_text("Scottish Borders")
