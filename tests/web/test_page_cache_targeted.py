"""A change makes stale only the cached pages that show it (web/page_cache.py, events/cache_versions.py).

Two areas, a group in each. A booking, a cancellation or a session moved in one area
is shown at once on every page that shows that session, while the other area's pages
(and pages that show no session) are still answered from the cache, with no SQL.
Changes run inside django_capture_on_commit_callbacks(execute=True), as they commit
in production.
"""

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format

from events import cache_versions
from events.models import Session
from events.selectors.pages import HOME_PAGE_SESSIONS
from events.services.bookings import booking_cancel, booking_create, booking_run_cancel
from events.services.sessions import session_move
from tests import factories
from web import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        tree = factories.site_tree()
        tweeddale = factories.area_add(tree, "Tweeddale")
        eddleston = factories.group_add(
            tweeddale, "Eddleston Tots", venue=factories.venue_add("Eddleston Village Hall"), weekday="wednesday"
        )
        croydon = factories.area_add(tree, "Croydon")
        thornton = factories.group_add(
            croydon, "Thornton Heath Mums", venue=factories.venue_add("Thornton Heath Library"), weekday="thursday"
        )
    return {"tree": tree, "tweeddale": tweeddale, "eddleston": eddleston, "croydon": croydon, "thornton": thornton}


def sessions_of(group):
    return list(Session.objects.filter(page=group).order_by("start"))


def book(session, name="Morag"):
    return booking_create(
        session=session, first_name=name, email=f"{name.lower()}@example.com", adults=1, consent=True, notify=False
    ).bookings[0]


def warmed(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[page_cache.CACHE_STATUS_HEADER] == "hit"


def assert_from_the_cache(client, django_assert_num_queries, *urls):
    for url in urls:
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response[page_cache.CACHE_STATUS_HEADER] == "hit", url


def rendered_afresh(client, url) -> str:
    response = client.get(url)
    assert response[page_cache.CACHE_STATUS_HEADER] == "miss", url
    return response.content.decode()


def local_time(moment) -> str:
    return time_format(timezone.localtime(moment), "P")


def test_a_booking_refreshes_the_pages_that_show_its_session_and_leaves_the_rest_cached(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    home, privacy = site["tree"].home.url, site["tree"].privacy.url
    showing = [site["eddleston"].url, site["tweeddale"].url, home]
    elsewhere = [site["thornton"].url, site["croydon"].url, privacy, site["tree"].workshop_index.url]
    warmed(client, *showing, *elsewhere)
    session = sessions_of(site["eddleston"])[0]

    with django_capture_on_commit_callbacks(execute=True):
        book(session)

    assert_from_the_cache(client, django_assert_num_queries, *elsewhere)
    for url in showing:
        assert "11 places left" in rendered_afresh(client, url), url
    # The session's own page and search results are never stored: they show it too.
    assert "11 places left" in client.get(reverse("events:session_detail", args=[session.pk])).content.decode()
    assert "Eddleston Tots" in client.get(reverse("search"), {"q": "Eddleston"}).content.decode()


def test_a_booking_beyond_the_sessions_the_home_page_lists_leaves_it_cached(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    home = site["tree"].home.url
    warmed(client, home, site["eddleston"].url)
    # Two groups meet weekly, so a group's session this many weeks on is past the home page's
    # list, and still on the group's own page.
    later = sessions_of(site["eddleston"])[HOME_PAGE_SESSIONS - 1]

    with django_capture_on_commit_callbacks(execute=True):
        book(later)

    assert_from_the_cache(client, django_assert_num_queries, home)
    assert "11 places left" in rendered_afresh(client, site["eddleston"].url)


def test_a_cancelled_booking_frees_its_place_where_the_session_shows(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    session = sessions_of(site["eddleston"])[0]
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(session)
    showing = [site["eddleston"].url, site["tweeddale"].url, site["tree"].home.url]
    elsewhere = [site["thornton"].url, site["croydon"].url]
    warmed(client, *showing, *elsewhere)

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, notify=False)

    assert_from_the_cache(client, django_assert_num_queries, *elsewhere)
    for url in showing:
        page = rendered_afresh(client, url)
        assert "11 places left" not in page and "12 places left" in page, url


def test_cancelling_a_whole_run_frees_its_places_where_they_show(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    session = sessions_of(site["eddleston"])[0]
    with django_capture_on_commit_callbacks(execute=True):
        contact = booking_create(
            session=session, first_name="Morag", email="morag@example.com", consent=True, notify=False, whole_run=True
        ).contact
    warmed(client, site["eddleston"].url, site["thornton"].url)
    assert "11 places left" in client.get(site["eddleston"].url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert booking_run_cancel(contact=contact, schedule_id=session.schedule_id, notify=False)

    assert_from_the_cache(client, django_assert_num_queries, site["thornton"].url)
    assert "11 places left" not in rendered_afresh(client, site["eddleston"].url)


def test_a_session_moved_by_staff_shows_its_new_time_where_it_shows(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    session = sessions_of(site["eddleston"])[0]
    later = session.start + dt.timedelta(hours=3, minutes=15)
    showing = [site["eddleston"].url, site["tweeddale"].url, site["tree"].home.url]
    elsewhere = [site["thornton"].url, site["croydon"].url]
    warmed(client, *showing, *elsewhere)

    with django_capture_on_commit_callbacks(execute=True):
        session_move(session=session, start=later, end=later + dt.timedelta(hours=2), reason="The hall is booked.")

    assert_from_the_cache(client, django_assert_num_queries, *elsewhere)
    for url in showing:
        page = rendered_afresh(client, url)
        assert local_time(later) in page and "The hall is booked." in page, url
    # Search results give the group's next session, at its new time.
    assert local_time(later) in client.get(reverse("search"), {"q": "Eddleston"}).content.decode()


def test_publishing_an_edit_refreshes_the_page_and_those_above_it_only(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    group = site["eddleston"]
    showing = [group.url, site["tweeddale"].url]
    elsewhere = [site["thornton"].url, site["croydon"].url, site["tree"].privacy.url]
    warmed(client, *showing, *elsewhere)

    group.summary = "Now with a garden to play in."
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()

    assert_from_the_cache(client, django_assert_num_queries, *elsewhere)
    for url in showing:
        assert "Now with a garden to play in." in rendered_afresh(client, url), url


# The first render of a page whose stored copy went stale, with its route, menus and
# footer still remembered: the budget tests/performance/test_query_budgets.py holds
# every public page to.
FIRST_RENDER_BUDGET = 12


@pytest.mark.parametrize("change", ["booking", "publish"])
def test_the_first_render_after_a_booking_or_an_edit_stays_within_the_query_budget(
    client, site, change, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    group = site["eddleston"]
    pages = [group.url, site["tweeddale"].url, site["tree"].home.url]
    warmed(client, *pages)

    with django_capture_on_commit_callbacks(execute=True):
        if change == "booking":
            book(sessions_of(group)[0])
        else:
            group.summary = "Now with a garden to play in."
            group.save_revision().publish()

    for url in pages:
        with django_assert_max_num_queries(FIRST_RENDER_BUDGET):
            rendered_afresh(client, url)


def test_after_a_booking_a_page_reads_only_itself_and_its_sessions_with_their_places(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """What a page lists beside its places (news, workshops, who it is for, the site's
    settings, the route) is kept until its content changes, and a booking changes only places."""
    group, area, home = site["eddleston"], site["tweeddale"], site["tree"].home
    first, second = sessions_of(group)[:2]
    warmed(client, group.url, area.url, home.url)
    with django_capture_on_commit_callbacks(execute=True):
        book(first)
    for url in (group.url, area.url, home.url):
        rendered_afresh(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        book(second, name="Isla")

    # The page, then its sessions with their places; the home page also reads the areas
    # those sessions are in, with the areas it lists, in one query.
    for url, queries in ((group.url, 2), (area.url, 2), (home.url, 3)):
        with django_assert_num_queries(queries):
            page = rendered_afresh(client, url)
        assert "Eddleston Village Hall" in page, url


def test_after_a_booking_commits_nothing_is_read(site, django_capture_on_commit_callbacks, django_assert_num_queries):
    """The booking had its session in hand, where its page sits is remembered with the tree, and
    the home page's cut-off with the sessions' times (a booking moves no session)."""
    first, second = sessions_of(site["eddleston"])[:2]
    with django_capture_on_commit_callbacks(execute=True):
        book(first)

    with django_capture_on_commit_callbacks() as after_commit:
        book(second, name="Isla")
    with django_assert_num_queries(0):
        for callback in after_commit:
            callback()


def test_a_session_moved_off_the_home_pages_list_lets_the_next_one_in(client, site, django_capture_on_commit_callbacks):
    home = site["tree"].home.url
    listed = list(Session.objects.order_by("start", "pk")[: HOME_PAGE_SESSIONS + 1])
    with django_capture_on_commit_callbacks(execute=True):
        book(listed[0])  # the cut-off is remembered, with the last session here past it
    with django_capture_on_commit_callbacks(execute=True):
        away = listed[1].start + dt.timedelta(weeks=20)
        session_move(session=listed[1], start=away, end=away + (listed[1].end - listed[1].start))
    warmed(client, home)

    with django_capture_on_commit_callbacks(execute=True):
        book(listed[HOME_PAGE_SESSIONS], name="Isla")

    rendered_afresh(client, home)


def test_once_the_first_session_listed_ends_the_home_pages_cut_off_is_read_afresh(
    site, django_capture_on_commit_callbacks
):
    listed = list(Session.objects.order_by("start", "pk")[: HOME_PAGE_SESSIONS + 1])
    # A booking changes the places the home page shows, not what else it lists.
    home_key = page_cache.page_places_version_key(site["tree"].home.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        book(listed[0])  # the cut-off is remembered, with the next session past it
    with django_capture_on_commit_callbacks() as after_commit:
        book(listed[HOME_PAGE_SESSIONS], name="Isla")
    stale = next(callback for callback in after_commit if isinstance(callback, cache_versions._StaleAfterCommit))

    made_stale = stale.keys()
    assert home_key not in made_stale
    # Once the first session listed is over, the next one takes its place on the home page.
    with mock.patch.object(cache_versions.timezone, "now", return_value=listed[0].end + dt.timedelta(minutes=1)):
        made_stale = stale.keys()
    assert home_key in made_stale


def test_renaming_a_page_refreshes_every_page_for_the_menus_and_links(client, site, django_capture_on_commit_callbacks):
    group = site["eddleston"]
    warmed(client, site["thornton"].url, site["tree"].privacy.url)

    group.title = "Eddleston Toddlers"
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()

    for url in (site["thornton"].url, site["tree"].privacy.url):
        rendered_afresh(client, url)
    assert "Eddleston Toddlers" in rendered_afresh(client, site["tree"].home.url)


def test_a_booking_that_rolls_back_leaves_every_page_cached(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    urls = [site["eddleston"].url, site["tweeddale"].url, site["tree"].home.url]
    warmed(client, *urls)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        book(sessions_of(site["eddleston"])[0])
        raise RuntimeError("the request failed after booking")

    assert_from_the_cache(client, django_assert_num_queries, *urls)
