"""Finding a group by place: a village or town, a postcode district, or a near miss of one.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL points at it; the
places are matched in Python, so nothing here depends on which.
"""

import html as html_lib
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from search.places import postcode_district, town_of
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    croydon = f.area_add(tree, "Croydon")
    lothian = f.area_add(tree, "Midlothian")
    mums = f.audience("Mums")

    def group(area, title, name, address, postcode, summary):
        venue = f.venue_add(name, area=area, address=address, postcode=postcode)
        return f.group_add(area, title, venue=venue, audiences=[mums], summary=summary)

    group(borders, "Walkerburn Mums Group", "Public Hall", "Galashiels Road\nWalkerburn", "EH43 6AA", "Tea and toys.")
    group(borders, "Tweed Green Tots", "Tweed Green Hall", "Tweed Green\nPeebles", "EH45 8AP", "Songs for mums.")
    group(borders, "Stay and Play", "Memorial Hall", "Buccleuch Street\nInnerleithen", "EH44 6LA", "Play on Saturdays.")
    group(croydon, "Mum's Space", "Broad Green Centre", "Canterbury Road\nCroydon", "CR0 3HA", "Muslim mums.")
    group(lothian, "Dalkeith Dads", "Dalkeith Hall", "High Street\nDalkeith", "EH22 1AA", "Dads and toddlers.")
    cache.clear()


def _search(client, q):
    """The titles of the results in their order, and the page."""
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    results = page.split('id="results-heading"')[1]
    titles = [html_lib.unescape(title) for title in re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", results)]
    return titles, page


AREA_OTHERS = {"Tweed Green Tots", "Stay and Play"}


def test_a_village_lists_its_group_then_the_others_in_its_area(client, site):
    titles, page = _search(client, "Walkerburn")
    assert titles[0] == "Walkerburn Mums Group"
    assert set(titles[1:]) == AREA_OTHERS
    assert "Showing groups in and near Walkerburn" in page


def test_near_a_village_lists_its_group_first_and_no_other_areas(client, site):
    titles, page = _search(client, "near Walkerburn")
    assert titles == ["Walkerburn Mums Group", "Stay and Play", "Tweed Green Tots"]
    assert "Showing groups in and near Walkerburn" in page
    assert "Showing results for" not in page


def test_a_town_in_another_area_leads_there(client, site):
    titles, _ = _search(client, "in Innerleithen")
    assert titles[0] == "Stay and Play"
    assert set(titles[1:]) == {"Walkerburn Mums Group", "Tweed Green Tots"}


@pytest.mark.parametrize("q", ["EH43", "eh43", "EH43 6AA", "near eh43"])
def test_a_postcode_district_finds_the_groups_there(client, site, q):
    titles, page = _search(client, q)
    assert titles[0] == "Walkerburn Mums Group"
    assert set(titles[1:]) == AREA_OTHERS
    assert "Showing groups in and near EH43" in page


def test_a_short_london_postcode_district(client, site):
    titles, _ = _search(client, "cr0")
    assert titles == ["Mum's Space"]


def test_a_misspelt_village_is_read_as_the_nearest_place_and_says_so(client, site):
    titles, page = _search(client, "near walkerbun")
    assert titles == ["Walkerburn Mums Group", "Stay and Play", "Tweed Green Tots"]
    assert "Showing results for Walkerburn, with groups in and near it first" in page
    assert "No results" not in page


def test_other_words_with_a_place_find_those_words_nearest_first(client, site):
    titles, _ = _search(client, "dads near walkerburn")
    assert titles == ["Dalkeith Dads"]
    titles, _ = _search(client, "mums in peebles")
    assert titles[0] == "Tweed Green Tots"
    assert titles.index("Walkerburn Mums Group") < titles.index("Mum's Space")


@pytest.mark.parametrize("q", ["people", "sleep", "dads", "play", "EH99", "high street hall"])
def test_words_that_are_not_places_are_searched_as_words(client, site, q):
    _, page = _search(client, q)
    assert "Showing groups in and near" not in page
    assert "Showing results for" not in page


def test_a_place_search_keeps_the_filters(client, site):
    response = client.get(reverse("search"), {"q": "Walkerburn", "area": "croydon"})
    assert "Walkerburn Mums Group" not in response.content.decode()
    assert "No results for “Walkerburn”" in response.content.decode()


def test_private_groups_make_no_places(client, site):
    from events.models import GroupPage

    GroupPage.objects.get(title="Dalkeith Dads").unpublish()
    cache.clear()
    _, page = _search(client, "Dalkeith")
    assert "Showing groups in and near" not in page


def test_towns_and_districts_come_from_addresses_and_postcodes():
    assert town_of("Galashiels Road\nWalkerburn\n") == "Walkerburn"
    assert town_of("Public Hall") == ""
    assert postcode_district("eh43 6aa") == "EH43"
    assert postcode_district("CR03HA") == "CR0"
    assert postcode_district("SW1A 1AA") == "SW1A"
    assert postcode_district("hello") == ""
