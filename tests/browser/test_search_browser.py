"""A family on a phone finds a Saturday group in their village, with and without JavaScript."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from events.models import AreaPage
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _borders():
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    f.area_add(tree, "Croydon")
    working = f.audience("Working parents (weekends)")
    hall = f.venue_add("Memorial Hall", area=borders, address="Buccleuch Street\nInnerleithen", postcode="EH44 6LA")
    cafe = f.venue_add("The Riverside Cafe", area=borders, address="High Street\nInnerleithen", postcode="EH44 6HF")
    f.group_add(borders, "Innerleithen Cafe Group", venue=cafe, weekday="thursday", audiences=[f.audience("Mums")])
    saturday = f.group_add(
        borders,
        "Saturday Stay and Play",
        venue=hall,
        weekday="saturday",
        start_time=dt.time(10),
        audiences=[working],
        summary="For parents who work in the week.",
    )
    f.group_add(borders, "Peebles Mums and Tots", weekday="saturday")
    return saturday


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_family_finds_a_saturday_group_in_their_village_on_a_phone(phone_page, live_server):
    saturday = _borders()
    page = phone_page

    page.goto(live_server.url + "/")
    page.get_by_label("Find a group or workshop").fill("Innerleithen")
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url("**/search/?**")
    results = page.locator("#results-heading")
    # The village's two groups, then the other group in its area.
    expect(results).to_have_text("3 results for “Innerleithen”")

    page.get_by_text("Filter by area, day, audience").click()
    page.get_by_label("Day").select_option(label="Saturday")
    page.get_by_label("Area").select_option(label="Scottish Borders")
    page.locator("#filters").get_by_role("button", name="Search").click()

    expect(results).to_have_text("2 results for “Innerleithen”")
    expect(page.locator("#filters summary")).to_have_text("Filter by area, day, audience (2 chosen)")
    card = page.locator("li.card").first
    expect(card.get_by_role("link", name="Saturday Stay and Play")).to_be_visible()
    expect(card).to_contain_text("Memorial Hall")
    expect(card.locator("time")).to_contain_text("Saturday")
    assert _fits_the_screen(page)

    card.get_by_role("link", name="Saturday Stay and Play").click()
    page.wait_for_url(f"**{saturday.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saturday Stay and Play")
    expect(page.locator(".sessions time").first).to_contain_text("Saturday")
    expect(page.get_by_role("link", name="See Memorial Hall on a map")).to_be_visible()
    assert _fits_the_screen(page)


def test_search_and_filters_work_without_javascript(no_js_page, live_server):
    _borders()
    page = no_js_page

    page.goto(live_server.url + "/search/")
    page.get_by_label("Search for").fill("Innerleithen")
    page.get_by_label("Day").select_option(value="saturday")
    page.locator("form.filters").get_by_role("button", name="Search").click()

    expect(page.locator("#results-heading")).to_have_text("2 results for “Innerleithen”")
    expect(page.locator("li.card").first.get_by_role("link", name="Saturday Stay and Play")).to_be_visible()
    expect(page.get_by_role("link", name="Innerleithen Cafe Group")).to_have_count(0)


def test_a_misspelt_village_on_a_phone_shows_its_group_first_and_the_filters_after(
    phone_page, live_server, assert_no_serious_axe_violations
):
    _borders()
    borders = AreaPage.objects.get(title="Scottish Borders")
    hall = f.venue_add("Public Hall", area=borders, address="Galashiels Road\nWalkerburn", postcode="EH43 6AA")
    f.group_add(borders, "Walkerburn Mums Group", venue=hall, weekday="monday")
    page = phone_page

    page.goto(live_server.url + "/search/")
    page.get_by_label("Search for").fill("near walkerbun")
    page.get_by_label("Search for").press("Enter")

    expect(page.locator("#results-heading")).to_have_text("4 results for “near walkerbun”")
    expect(page.get_by_text("Showing results for Walkerburn, with groups in and near it first")).to_be_visible()
    expect(page.locator("li.card h3").first).to_have_text("Walkerburn Mums Group")
    filters = page.locator("details#filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_label("Day")).to_be_hidden()
    # After the results in the page's order, so a screen reader and a thumb meet the results first.
    assert page.evaluate(
        "document.querySelector('#results-heading')"
        ".compareDocumentPosition(document.querySelector('#filters')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert _fits_the_screen(page)
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Go to the filters").click()
    page.locator("#filters summary").click()
    expect(page.get_by_label("Day")).to_be_visible()
    assert_no_serious_axe_violations(page)


def test_the_skip_link_appears_when_tabbed_to(phone_page, live_server):
    _borders()
    page = phone_page
    page.goto(live_server.url + "/")
    skip = page.get_by_role("link", name="Skip to main content")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
