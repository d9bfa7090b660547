"""Staff open a grant's funder report on a phone and on a desktop, see its charts, choose a preset
period without JavaScript, download the spreadsheet and print it."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import CheckInAnswer, Grant
from tests.events.funder_support import FIRST, LAST, funded_quarter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long staff password for the test"


@pytest.fixture
def grant(db):
    site = funded_quarter()
    get_user_model().objects.create_superuser("morag", "morag@example.org", PASSWORD)
    grant = Grant.objects.create(funder="Borders Trust", reference="BT-7", starts_on=FIRST, ends_on=LAST)
    grant.areas.add(site.borders)
    # Six families at Peebles checked in after their first session, two of them lonely often or always.
    CheckInAnswer.objects.bulk_create(
        CheckInAnswer(group=site.peebles, month=FIRST, kind="first", lonely=lonely, welcome="very")
        for lonely in ["often", "often", "never", "never", "hardly_ever", "occasionally"]
    )
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
    # The charts are images named by their title and description, each with its figures beside it.
    for title in (
        "Attendances by month",
        "New and returning families by month",
        "Groups compared: attendances",
        "Scottish Borders: How often do you feel lonely?",
        "Feeling lonely often, always or some of the time",
    ):
        expect(page.get_by_role("img", name=re.compile(f"^{re.escape(title)} "))).to_be_visible()
        expect(page.get_by_role("table", name=f"The figures of “{title}”")).to_be_visible()
    attendance = page.get_by_role("table", name="The figures of “Attendances by month”")
    expect(attendance.get_by_role("row", name="Jan 2025 5 6")).to_be_visible()
    expect(attendance.get_by_role("row", name="Mar 2025 3 2")).to_be_visible()
    lonely = page.get_by_role("table", name="The figures of “Feeling lonely often, always or some of the time”")
    expect(lonely.get_by_role("row", name="Scottish Borders 33% Fewer than 5 answers")).to_be_visible()
    # Scaled to the width of a phone, not wider than the page.
    box = page.get_by_role("img", name=re.compile("^Attendances by month ")).bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    assert_no_serious_axe_violations(page)

    link = page.get_by_role("link", name="Download CSV").get_attribute("href")
    spreadsheet = page.request.get(live_server.url + link)
    assert spreadsheet.ok
    assert "Group or workshop,Peebles Toddlers,2,16,8,8,2,1,1" in spreadsheet.text()
    link = page.get_by_role("link", name="Download XLSX").get_attribute("href")
    workbook = openpyxl.load_workbook(io.BytesIO(page.request.get(live_server.url + link).body()))
    rows = [[cell for cell in row if cell not in (None, "")] for row in workbook.active.iter_rows(values_only=True)]
    assert ["Total", "All groups and workshops", 2, 16, 8, 8, 2, 1, 1] in rows
    assert ["Month", "Jan 2025", 1, 11, 5, 6, 0, 0, 0] in rows
    assert ["Check-in answers", "Scottish Borders", "How often do you feel lonely?", "Often or always", 2, 33] in rows

    # On paper: the figures and charts across the whole page, without the admin's menus, the form or
    # the download links, and no chart split between two pages.
    page.emulate_media(media="print")
    page.screenshot(path=f"/tmp/funder-report-print-{page_fixture}.png", full_page=True)
    expect(page.locator("#wagtail-sidebar")).to_be_hidden()
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    expect(page.get_by_role("link", name="Download CSV")).to_be_hidden()
    expect(page.get_by_role("table", name="Per area")).to_be_visible()
    assert page.get_by_role("heading", name=re.compile("^Borders Trust")).bounding_box()["x"] < 24
    assert page.locator(".gather-chart").first.evaluate("chart => getComputedStyle(chart).breakInside") == "avoid"
    pdf = page.pdf(path=f"/tmp/funder-report-{page_fixture}.pdf", format="A4")
    # The whole report, tables and charts, runs over several sheets rather than the window's height.
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3


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
