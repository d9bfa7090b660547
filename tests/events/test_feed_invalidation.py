"""Calendar feeds go stale only when what they list changes (events/feeds.py, events/cache_versions.py).

Calendar apps poll all night. A feed whose sessions did not change answers from the
cache with no SQL, whatever is booked or changed in another area; the feeds that list
a changed session (the whole site's, its area's, its page's, the session's own and
those of the families booked on it) show the change on the next poll.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Session
from events.selectors.calendar import calendar_window_start
from events.services.bookings import booking_cancel, booking_create
from events.services.sessions import session_cancel, session_move
from events.services.waiting_list import waiting_join
from tests import factories
from tests.events.calendar_scenarios import UTC, expanded, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        tree = factories.site_tree()
        tweeddale = factories.area_add(tree, "Tweeddale")
        eddleston = factories.group_add(tweeddale, "Eddleston Tots", weekday="wednesday")
        croydon = factories.area_add(tree, "Croydon")
        thornton = factories.group_add(croydon, "Thornton Heath Mums", weekday="thursday")
    return {"tweeddale": tweeddale, "eddleston": eddleston, "croydon": croydon, "thornton": thornton}


def area_feed(area):
    return reverse("events:area_ical", args=[area.pk])


def page_feed(page):
    return reverse("events:page_ical", args=[page.pk])


def get(client, url, **headers):
    return client.generic("GET", url, headers=headers)


def polled(client, *urls) -> dict[str, str]:
    """Each feed fetched once, so that its version and file are in the cache: its ETag."""
    return {url: get(client, url)["ETag"] for url in urls}


def queries_for(client, url, etag) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = get(client, url, if_none_match=etag).status_code
    return status, len(queries)


def first_session(group):
    return Session.objects.filter(page=group).order_by("start").first()


def book(session, name="Morag"):
    return booking_create(
        session=session, first_name=name, email=f"{name.lower()}@example.com", adults=1, consent=True, notify=False
    ).bookings[0]


def starts(content) -> set[dt.datetime]:
    return {event.decoded("DTSTART").astimezone(UTC) for event in parse(content).walk("VEVENT")}


def test_a_groups_cached_feed_answers_without_sql(client, site, django_assert_num_queries):
    url = page_feed(site["eddleston"])
    first = get(client, url)

    with django_assert_num_queries(0):
        again = get(client, url)
    with django_assert_num_queries(0):
        not_modified = get(client, url, if_none_match=first["ETag"])

    assert again.status_code == 200 and again.content == first.content
    assert not_modified.status_code == 304


def test_a_booking_leaves_every_public_feed_cached_and_shows_in_the_familys_own(
    client, site, django_capture_on_commit_callbacks
):
    public = polled(
        client,
        page_feed(site["thornton"]),
        area_feed(site["croydon"]),
        page_feed(site["eddleston"]),
        area_feed(site["tweeddale"]),
        reverse("events:site_ical"),
    )
    session = first_session(site["eddleston"])
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(session)
    personal_url = reverse("events:personal_ical", args=[booking.contact.feed_token])
    assert starts(get(client, personal_url).content) == {session.start.astimezone(UTC)}

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, notify=False)

    # Booking and cancelling change no date, time or place: the public calendars, even
    # the ones listing the session, answer from the cache without a query.
    for url, etag in public.items():
        assert queries_for(client, url, etag) == (304, 0), url
    # The family's own calendar lists only what they have booked.
    assert starts(get(client, personal_url).content) == set()


def test_a_cancelled_session_drops_out_of_every_feed_that_listed_it(client, site, django_capture_on_commit_callbacks):
    session = first_session(site["eddleston"])
    with django_capture_on_commit_callbacks(execute=True):
        contact = book(session).contact
    personal_url = reverse("events:personal_ical", args=[contact.feed_token])
    elsewhere = polled(client, page_feed(site["thornton"]), area_feed(site["croydon"]))
    showing = polled(
        client,
        page_feed(site["eddleston"]),
        area_feed(site["tweeddale"]),
        reverse("events:site_ical"),
        reverse("events:session_ical", args=[session.pk]),
        personal_url,
    )
    occurrence = (session.start.astimezone(UTC), session.end.astimezone(UTC))
    assert occurrence in expanded(get(client, page_feed(site["eddleston"])).content, calendar_window_start())

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="The hall is closed for repairs.")

    for url, etag in elsewhere.items():
        assert queries_for(client, url, etag) == (304, 0), url
    for url, etag in showing.items():
        response = get(client, url, if_none_match=etag)
        assert response.status_code == 200 and response["ETag"] != etag, url
    assert starts(get(client, personal_url).content) == set()
    for url in (page_feed(site["eddleston"]), area_feed(site["tweeddale"]), reverse("events:site_ical")):
        listed = expanded(get(client, url).content, calendar_window_start())
        assert occurrence not in listed, url


def test_a_family_cancelling_drops_the_session_from_their_own_feed_only(
    client, site, django_capture_on_commit_callbacks
):
    session = first_session(site["eddleston"])
    with django_capture_on_commit_callbacks(execute=True):
        leaving, staying = book(session, "Morag"), book(session, "Isla")
    leaving_url = reverse("events:personal_ical", args=[leaving.contact.feed_token])
    staying_url = reverse("events:personal_ical", args=[staying.contact.feed_token])
    assert starts(get(client, leaving_url).content) == {session.start.astimezone(UTC)}
    staying_etag = get(client, staying_url)["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=leaving, notify=False)

    assert starts(get(client, leaving_url).content) == set()
    assert get(client, staying_url, if_none_match=staying_etag).status_code == 304


def test_a_session_moved_by_staff_shows_its_new_time_in_every_feed_that_lists_it(
    client, site, django_capture_on_commit_callbacks
):
    session = first_session(site["eddleston"])
    with django_capture_on_commit_callbacks(execute=True):
        contact = book(session).contact
    later = session.start + dt.timedelta(hours=3)
    urls = [
        page_feed(site["eddleston"]),
        area_feed(site["tweeddale"]),
        reverse("events:site_ical"),
        reverse("events:session_ical", args=[session.pk]),
        reverse("events:personal_ical", args=[contact.feed_token]),
    ]
    elsewhere = polled(client, page_feed(site["thornton"]), area_feed(site["croydon"]))
    before = {url: get(client, url).content for url in urls}
    assert all(later.astimezone(UTC) not in starts(content) for content in before.values())

    with django_capture_on_commit_callbacks(execute=True):
        session_move(session=session, start=later, end=later + dt.timedelta(hours=2))

    for url, etag in elsewhere.items():
        assert queries_for(client, url, etag) == (304, 0), url
    for url in urls:
        assert later.astimezone(UTC) in starts(get(client, url).content), url


def test_publishing_a_group_refreshes_its_feeds_and_leaves_another_areas_cached(
    client, site, django_capture_on_commit_callbacks
):
    group = site["eddleston"]
    elsewhere = polled(client, page_feed(site["thornton"]), area_feed(site["croydon"]))
    showing = polled(client, page_feed(group), area_feed(site["tweeddale"]), reverse("events:site_ical"))

    group.summary = "Now with a garden to play in."
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()

    for url, etag in elsewhere.items():
        assert queries_for(client, url, etag) == (304, 0), url
    for url, etag in showing.items():
        # The feeds say when their sessions' pages were last published.
        assert get(client, url, if_none_match=etag).status_code == 200, url


def test_a_family_given_a_place_from_the_waiting_list_finds_it_in_their_own_feed(
    client, site, django_capture_on_commit_callbacks
):
    session = first_session(site["eddleston"])
    with django_capture_on_commit_callbacks(execute=True):
        session.adult_places = 1
        session.save()
        taken = book(session, "Morag")
        waiting = waiting_join(
            session=session, first_name="Isla", email="isla@example.com", consent=True, notify=False
        ).contact
    url = reverse("events:personal_ical", args=[waiting.feed_token])
    assert starts(get(client, url).content) == set()

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=taken, notify=False)

    assert starts(get(client, url).content) == {session.start.astimezone(UTC)}
