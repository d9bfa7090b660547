"""The one search page: words, filters, pagination and an empty result that helps.

Runs on SQLite (FTS5) by default and on PostgreSQL full-text search when
DATABASE_URL points at PostgreSQL; nothing here depends on which.
"""

import datetime as dt
import html as html_lib
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Session
from events.services.sessions import session_cancel
from tests import factories as f


def _next(weekday_number):
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday_number - today.weekday()) % 7 or 7)


@pytest.fixture
def site(db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    borders = f.area_add(tree, "Scottish Borders")
    mums, dads, working = f.audience("Mums"), f.audience("Dads"), f.audience("Working parents (weekends)")
    centre = f.venue_add("Broad Green Community Centre", area=croydon, postcode="CR0 3HA")
    memorial_hall = f.venue_add(
        "Memorial Hall", area=borders, address="Buccleuch Street\nInnerleithen", postcode="EH44 6LA"
    )
    groups = {
        "mums_space": f.group_add(
            croydon,
            "Mum's Space",
            venue=centre,
            audiences=[mums],
            weekday="tuesday",
            summary="A weekly women-only group for Muslim mums, with a creche.",
        ),
        "peebles": f.group_add(
            borders, "Peebles Mums and Tots", audiences=[mums], weekday="wednesday", summary="Songs and toys."
        ),
        "saturday": f.group_add(
            borders,
            "Stay and Play",
            venue=memorial_hall,
            audiences=[working, dads, mums],
            weekday="saturday",
            summary="For parents who work in the week.",
        ),
        "dads": f.group_add(
            borders, "Dads and Toddlers", audiences=[dads], weekday="sunday", summary="Play and a bacon roll."
        ),
    }
    workshops = {
        "sleep": f.workshop_add(
            tree.workshop_index,
            "Sleep and settling",
            topics=[f.topic("Sleep")],
            groups=[groups["mums_space"]],
            venue=centre,
            on=_next(3),
        ),
        "buggy_walk": f.workshop_add(
            tree.workshop_index,
            "Buggy walking for beginners",
            topics=[f.topic("Health")],
            groups=[groups["peebles"]],
            on=_next(5),
        ),
    }
    resources = {
        "tips": f.resource_add(tree.resource_index, "Starting a parents' group", topics=[f.topic("Starting a group")]),
        "bedtime": f.resource_add(tree.resource_index, "Bedtime routines", topics=[f.topic("Sleep")]),
        "film": f.resource_add(tree.resource_index, "Our Story So Far", kind="film", topics=[f.topic("Feeling low")]),
    }
    cache.clear()
    return {"tree": tree, "croydon": croydon, "borders": borders, **groups, **workshops, **resources}


def _titles(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    html = response.content.decode()
    results = html.split('id="results-heading"')[1] if 'id="results-heading"' in html else ""
    titles = re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", results)
    return {html_lib.unescape(title) for title in titles}, html


@pytest.mark.django_db
def test_words_find_groups_by_village_day_and_name(client, site):
    assert "Stay and Play" in _titles(client, q="Innerleithen")[0]
    assert "Stay and Play" in _titles(client, q="Saturday")[0]
    found, _ = _titles(client, q="sleep")
    assert {"Sleep and settling", "Bedtime routines"} <= found
    assert "Peebles Mums and Tots" not in found


@pytest.mark.django_db
def test_area_filter_keeps_that_areas_groups_and_workshops(client, site):
    found, _ = _titles(client, area="croydon")
    assert found == {"Mum's Space", "Sleep and settling"}


@pytest.mark.django_db
def test_type_filter(client, site):
    assert _titles(client, type="resource")[0] == {"Starting a parents' group", "Bedtime routines", "Our Story So Far"}
    assert _titles(client, type="workshop")[0] == {"Sleep and settling", "Buggy walking for beginners"}
    assert _titles(client, type="group", area="scottish-borders")[0] == {
        "Peebles Mums and Tots",
        "Stay and Play",
        "Dads and Toddlers",
    }


@pytest.mark.django_db
def test_topic_filter_finds_workshops_and_resources(client, site):
    assert _titles(client, topic="sleep")[0] == {"Sleep and settling", "Bedtime routines"}


@pytest.mark.django_db
def test_audience_filter_finds_groups_and_their_workshops(client, site):
    assert _titles(client, audience="dads")[0] == {"Stay and Play", "Dads and Toddlers"}
    found, _ = _titles(client, audience="mums", area="scottish-borders")
    assert found == {"Peebles Mums and Tots", "Stay and Play", "Buggy walking for beginners"}


@pytest.mark.django_db
def test_day_filter_uses_upcoming_sessions(client, site):
    assert _titles(client, day="saturday")[0] == {"Stay and Play", "Buggy walking for beginners"}
    assert _titles(client, day="tuesday")[0] == {"Mum's Space"}


@pytest.mark.django_db
def test_a_family_finds_a_saturday_group_in_their_village(client, site):
    found, html = _titles(client, q="Innerleithen", day="saturday", area="scottish-borders")
    assert found == {"Stay and Play"}
    assert "1 result for “Innerleithen”" in html


@pytest.mark.django_db
def test_group_results_show_the_next_session_going_ahead(client, site):
    first, second = Session.objects.filter(page=site["saturday"]).order_by("start")[:2]
    session_cancel(session=first, reason="Hall booked for a wedding")
    cache.clear()
    _, html = _titles(client, q="Innerleithen")
    assert f'Next: <time datetime="{timezone.localtime(second.start).isoformat()}">' in html
    assert timezone.localtime(first.start).isoformat() not in html
    assert "Memorial Hall" in html
    assert "Working parents (weekends)" in html


@pytest.mark.django_db
def test_unpublished_pages_are_not_found(client, site):
    site["dads"].unpublish()
    assert "Dads and Toddlers" not in _titles(client, q="bacon")[0] | _titles(client, audience="dads")[0]


@pytest.mark.django_db
def test_an_empty_result_suggests_what_to_try_next(client, site):
    found, html = _titles(client, q="swimming", area="croydon", day="friday")
    assert found == set()
    assert "No results for “swimming”" in html
    assert "search every area, not just Croydon" in html
    assert "search any day of the week" in html
    assert 'href="?q=swimming&amp;day=friday"' in html  # the same search without the area
    assert 'href="/groups/"' in html
    assert 'href="/local-services/"' in html
    assert "0141 496 0000" in html


@pytest.mark.django_db
def test_the_blank_search_page_asks_a_question_and_shows_no_results(client, site):
    found, html = _titles(client)
    assert found == set()
    assert 'id="results-heading"' not in html
    assert '<label for="id_q">Search for' in html


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored_not_an_error(client, site):
    found, html = _titles(client, q="bacon", area="atlantis", day="someday", page="99")
    assert found == {"Dads and Toddlers"}
    assert '<option value="" selected>Any area</option>' in html


@pytest.mark.django_db
def test_results_come_ten_to_a_page_and_keep_the_filters(client, site):
    for number in range(21):
        f.group_add(site["borders"], f"Village group {number:02}", audiences=[f.audience("Mums")])
    found, html = _titles(client, type="group", area="scottish-borders")
    assert len(found) == 10
    assert "24 results" in html
    assert "Page 1 of 3" in html
    assert 'href="?type=group&amp;area=scottish-borders&amp;page=2"' in html

    last, html = _titles(client, type="group", area="scottish-borders", page=3)
    assert len(last) == 4
    assert "Page 3 of 3" in html
    assert 'href="?type=group&amp;area=scottish-borders&amp;page=2"' in html
    assert not last & found


def _search(client, params):
    """SQL queries for one search, and the kinds of result on the first page."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), params)
    kinds = set(re.findall(r'<p class="muted">(Group|Workshop|Hints and tips|Film)', response.content.decode()))
    return len(queries), kinds, response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "saturday"},
        {"q": "near Innerleithen"},
        {"area": "scottish-borders"},
        {"day": "saturday"},
        {"topic": "sleep"},
    ],
)
def test_search_queries_do_not_grow_with_results(client, site, params, django_assert_num_queries):
    """Each kind of result on the page costs a fixed few queries, however many results there are."""
    small, small_kinds, _ = _search(client, params)
    for number in range(12):
        group = f.group_add(
            site["borders"],
            f"Village group {number}",
            venue=f.venue_add(f"Hall {number}", area=site["borders"]),
            audiences=[f.audience("Mums"), f.audience("Dads")],
            weekday="saturday",
            summary="A friendly group meeting on Saturdays.",
        )
        f.workshop_add(
            site["tree"].workshop_index,
            f"Walk and talk {number}",
            topics=[f.topic("Sleep")],
            groups=[group],
            on=_next(5),
        )
        f.resource_add(site["tree"].resource_index, f"Sleep tips {number}", topics=[f.topic("Sleep")])

    large, large_kinds, response = _search(client, params)
    assert large_kinds == small_kinds
    assert len(re.findall(r'<li class="card">', response.content.decode())) == 10
    cache.clear()
    with django_assert_num_queries(small):
        client.get(reverse("search"), params)
