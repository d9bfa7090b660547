"""Calendar feeds over HTTP, fetched as a calendar app fetches them."""

import datetime as dt
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date

from events.selectors.calendar import calendar_window_start
from events.services.bookings import booking_cancel, booking_create
from events.services.sessions import session_cancel, session_move
from tests.events.calendar_scenarios import (
    UTC,
    at,
    clock_started,
    expanded,
    listed,
    parse,
    schedule_create,
    session_on,
    year_build,
)
from tests.factories import area_add, group_add, site_tree, venue_add, workshop_add
from web import http_cache

pytestmark = pytest.mark.django_db

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@pytest.fixture
def clock():
    with clock_started() as running:
        yield running


@pytest.fixture
def year(clock):
    return year_build()


def feed_urls(year):
    return [
        reverse("events:site_ical"),
        reverse("events:area_ical", args=[year.borders.pk]),
        reverse("events:area_ical", args=[year.croydon.pk]),
        reverse("events:page_ical", args=[year.peebles.pk]),
        reverse("events:page_ical", args=[year.sleep_workshop.pk]),
    ]


def get(client, url, **headers):
    # A calendar app sends no Accept header and no cookies.
    return client.generic("GET", url, headers=headers)


def booked(session, first_name="Amina", email="amina@example.org"):
    outcome = booking_create(session=session, first_name=first_name, email=email, consent=True, notify=False)
    return outcome.bookings[0]


# Answering -----------------------------------------------------------------------


def test_every_feed_answers_a_plain_get_with_a_calendar(client, year):
    for url in feed_urls(year):
        response = get(client, url)

        assert response.status_code == 200, url
        assert response["Content-Type"] == CALENDAR_TYPE
        assert response["Content-Disposition"].startswith("inline; filename=")
        assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
        assert "Location" not in response


def test_feeds_list_what_the_site_lists(client, year):
    since = calendar_window_start()
    cases = {
        reverse("events:site_ical"): listed(since),
        reverse("events:area_ical", args=[year.borders.pk]): listed(since, area=year.borders),
        reverse("events:page_ical", args=[year.walkerburn.pk]): listed(since, pages=[year.walkerburn]),
        reverse("events:page_ical", args=[year.weaning_workshop.pk]): listed(since, pages=[year.weaning_workshop]),
    }
    for url, expected in cases.items():
        assert expanded(get(client, url).content, since) == expected, url


def test_calendar_names_say_what_each_feed_is(client, year):
    site = parse(get(client, reverse("events:site_ical")).content)
    area = parse(get(client, reverse("events:area_ical", args=[year.croydon.pk])).content)
    group = parse(get(client, reverse("events:page_ical", args=[year.peebles.pk])).content)

    assert str(site["X-WR-CALNAME"]) == "Gather Family Support: groups and workshops"
    assert str(area["X-WR-CALNAME"]) == "Croydon: groups"
    assert str(group["X-WR-CALNAME"]) == "Peebles parents and toddlers"


def test_head_answers_like_get_without_a_body(client, year):
    url = reverse("events:page_ical", args=[year.peebles.pk])
    full = get(client, url)

    response = client.head(url)

    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    assert response["ETag"] == full["ETag"]
    assert response.content == b""


def test_other_methods_are_refused(client, year):
    assert client.post(reverse("events:site_ical")).status_code == 405


@pytest.mark.parametrize(
    "url_name_and_id",
    [
        ("events:page_ical", "area"),  # an area is not a group or workshop
        ("events:area_ical", "group"),  # a group is not an area
        ("events:page_ical", "home"),
        ("events:page_ical", 987654),
        ("events:area_ical", 987654),
        ("events:session_ical", 987654),
    ],
)
def test_unknown_ids_are_not_found(client, year, url_name_and_id):
    url_name, which = url_name_and_id
    page_ids = {"area": year.borders.pk, "group": year.peebles.pk, "home": year.tree.home.pk}
    response = get(client, reverse(url_name, args=[page_ids.get(which, which)]))
    assert response.status_code == 404


def test_absurd_addresses_are_not_found(client, year):
    for path in (
        "/calendar/pages/" + "9" * 40 + ".ics",
        "/calendar/areas/-1.ics",
        "/calendar/sessions/1e3.ics",
        "/calendar/personal/" + "x" * 65 + ".ics",
        "/calendar/personal/has%20space.ics",
    ):
        assert get(client, path).status_code == 404, path


def test_an_unpublished_group_has_no_feed(client, year):
    year.innerleithen.unpublish()
    assert get(client, reverse("events:page_ical", args=[year.innerleithen.pk])).status_code == 404
    site = get(client, reverse("events:site_ical")).content
    assert b"Innerleithen dads" not in site


# Caching -------------------------------------------------------------------------


def test_validators_and_cache_headers(client, year):
    response = get(client, reverse("events:site_ical"))

    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"]
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"public", "no-cache"}
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_an_unchanged_feed_answers_304(client, year):
    url = reverse("events:page_ical", args=[year.peebles.pk])
    first = get(client, url)

    by_etag = get(client, url, if_none_match=first["ETag"])
    by_date = get(client, url, if_modified_since=first["Last-Modified"])
    stale_etag = get(client, url, if_none_match='"something-else"')

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304
    assert stale_etag.status_code == 200
    assert stale_etag.content == first.content


def test_a_cancellation_shows_on_the_next_request(client, year, clock):
    url = reverse("events:page_ical", args=[year.croydon_mums.pk])
    first = get(client, url)
    assert get(client, url, if_none_match=first["ETag"]).status_code == 304
    session = session_on(year.schedules["croydon_mums"], dt.date(2027, 2, 10))
    assert (session.start.astimezone(UTC), session.end.astimezone(UTC)) in expanded(first.content, session.start)

    session_cancel(session=session, reason="Centre closed")
    second = get(client, url, if_none_match=first["ETag"], if_modified_since=first["Last-Modified"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert (session.start.astimezone(UTC), session.end.astimezone(UTC)) not in expanded(second.content, session.start)
    assert "EXDATE;TZID=Europe/London:20270210T100000" in second.content.decode().replace("\r\n ", "")


def test_a_venue_change_shows_on_the_next_request(client, year, clock):
    url = reverse("events:page_ical", args=[year.croydon_mums.pk])
    first = get(client, url)
    assert "Hall 2" not in first.content.decode()

    year.centre.address = "Hall 2\nThornton Road"
    year.centre.save()
    second = get(client, url, if_none_match=first["ETag"], if_modified_since=first["Last-Modified"])

    assert second.status_code == 200
    assert "Hall 2" in second.content.decode().replace("\r\n ", "")


def test_a_move_shows_on_the_next_request(client, year, clock):
    url = reverse("events:site_ical")
    first = get(client, url)
    session = session_on(year.schedules["west_linton"], dt.date(2027, 4, 13))

    moved = session_move(session=session, start=at(dt.date(2027, 4, 14), 13), end=at(dt.date(2027, 4, 14), 14, 30))
    second = get(client, url, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert (moved.start.astimezone(UTC), moved.end.astimezone(UTC)) in expanded(second.content, calendar_window_start())
    assert expanded(second.content, calendar_window_start()) == listed(calendar_window_start())


# serialized_rollback: the rows the migrations made (Wagtail's page permissions, which a new
# area's roles are given) are back after an earlier transactional test flushed the database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_changes_show_on_the_next_request_with_the_production_caches(client, clock, settings):
    # As in production: every change commits, and feed versions are remembered in the
    # cache until content changes (web.page_cache), which the tests above leave off.
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    year = year_build(horizon_days=120)
    group_url = reverse("events:page_ical", args=[year.croydon_mums.pk])
    site_url = reverse("events:site_ical")
    first_group, first_site = get(client, group_url), get(client, site_url)
    assert get(client, group_url, if_none_match=first_group["ETag"]).status_code == 304
    assert get(client, site_url, if_none_match=first_site["ETag"]).status_code == 304

    cancelled = session_cancel(session=session_on(year.schedules["croydon_mums"], dt.date(2027, 2, 10)), reason="Snow")
    group_after_cancel = get(client, group_url, if_none_match=first_group["ETag"])
    moving = session_on(year.schedules["west_linton"], dt.date(2027, 3, 9))
    moved = session_move(session=moving, start=at(dt.date(2027, 3, 10), 13), end=at(dt.date(2027, 3, 10), 14, 30))
    site_after_move = get(client, site_url, if_none_match=first_site["ETag"])

    assert group_after_cancel.status_code == 200
    assert (cancelled.start.astimezone(UTC), cancelled.end.astimezone(UTC)) not in expanded(
        group_after_cancel.content, calendar_window_start()
    )
    assert site_after_move.status_code == 200
    since = calendar_window_start()
    assert (moved.start.astimezone(UTC), moved.end.astimezone(UTC)) in expanded(site_after_move.content, since)
    assert expanded(site_after_move.content, since) == listed(since)


def test_the_file_is_built_once_per_version(client, year, django_assert_num_queries):
    url = reverse("events:site_ical")
    first = get(client, url)

    # Same version: one query for the version, the file from the cache.
    with django_assert_num_queries(1):
        again = get(client, url)
    with django_assert_num_queries(1):
        not_modified = get(client, url, if_none_match=first["ETag"])

    assert again.content == first.content
    assert not_modified.status_code == 304


# Made fresh: the version; the site and its settings (for the calendar's name); the
# schedules with their pages, the sessions that follow them counted, the others read,
# and the venues; the site's root paths (for page links),
# which with several languages Wagtail reads as the sites and their home pages in each.
FRESH_SITE_FEED_QUERIES = 9


def test_the_site_feed_costs_the_same_queries_for_few_or_many_groups(client, clock, django_assert_num_queries):
    tree = site_tree()
    area = area_add(tree, "Tweeddale")
    hall = venue_add("Hall")
    made = []

    def groups_added(count):
        for _ in range(count):
            number = len(made)
            group = group_add(area, f"Group {number}", venue=venue_add(f"Hall {number}") if number % 2 else hall)
            schedule_create(
                group, repeats="weekly", weekday=number % 7, starts_on=dt.date(2026, 12, 1), start_time=dt.time(10)
            )
            made.append(group)
        day = dt.date(2027, 1, 9) + dt.timedelta(weeks=len(made))
        workshop = workshop_add(tree.workshop_index, f"Workshop {len(made)}")
        schedule_create(workshop, repeats="once", weekday=5, starts_on=day, ends_on=day, start_time=dt.time(10))

    groups_added(2)
    cache.clear()
    with django_assert_num_queries(FRESH_SITE_FEED_QUERIES):
        small = get(client, reverse("events:site_ical"))
    groups_added(10)
    cache.clear()
    with django_assert_num_queries(FRESH_SITE_FEED_QUERIES):
        large = get(client, reverse("events:site_ical"))

    assert small.status_code == large.status_code == 200
    assert small.content.count(b"BEGIN:VEVENT") == 2 + 1
    assert large.content.count(b"BEGIN:VEVENT") == 12 + 2


def test_each_feed_made_fresh_costs_a_fixed_number_of_queries(client, year):
    outcome = booking_create(
        session=session_on(year.schedules["croydon_mums"], dt.date(2027, 9, 1)),
        first_name="Amina",
        email="amina@example.org",
        consent=True,
        notify=False,
        whole_run=True,
    )
    feeds = {
        "site": reverse("events:site_ical"),
        "area": reverse("events:area_ical", args=[year.borders.pk]),
        "group": reverse("events:page_ical", args=[year.peebles.pk]),
        "session": reverse(
            "events:session_ical", args=[session_on(year.schedules["peebles"], dt.date(2027, 1, 12)).pk]
        ),
        "personal": reverse("events:personal_ical", args=[outcome.contact.feed_token]),
    }

    def queries(url):
        cache.clear()
        with CaptureQueriesContext(connection) as made:
            assert get(client, url).status_code == 200
        return len(made)

    # An area or group feed: the page's translation key (which names its version) and the
    # page, then as the site feed (above) but for the site's root paths, already read.
    # A session: the session with its page and venue, and the site's root paths.
    # The family's own feed: the family, the version, the site and its settings, and the
    # sessions they booked with their pages, venues and schedules, however many (each is
    # an event of its own, with no rule).
    assert {name: queries(url) for name, url in feeds.items()} == {
        "site": FRESH_SITE_FEED_QUERIES,
        "area": 9,
        "group": 9,
        "session": 3,
        "personal": 10,
    }


# One session ---------------------------------------------------------------------


def test_add_to_my_calendar_gives_one_event(client, year):
    session = session_on(year.schedules["peebles"], dt.date(2027, 1, 12))

    response = get(client, reverse("events:session_ical", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    assert "peebles-parents-and-toddlers-2027-01-12.ics" in response["Content-Disposition"]
    (event,) = parse(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert event.decoded("DTSTART") == session.start
    assert "DTSTART;TZID=Europe/London:20270112T100000" in response.content.decode()
    assert (
        get(client, reverse("events:session_ical", args=[session.pk]), if_none_match=response["ETag"]).status_code
        == 304
    )


# The family's own feed -----------------------------------------------------------


def test_personal_feed_lists_only_the_familys_live_bookings(client, year):
    # A family books every remaining session of a run, then cancels one of them;
    # another family books the same group.
    first = session_on(year.schedules["croydon_mums"], dt.date(2027, 9, 1))
    outcome = booking_create(
        session=first, first_name="Amina", email="amina@example.org", consent=True, notify=False, whole_run=True
    )
    assert len(outcome.bookings) > 5
    booking_cancel(booking=outcome.bookings[2], notify=False)
    booked(session_on(year.schedules["croydon_mums"], dt.date(2027, 9, 8)), first_name="Sara", email="sara@example.org")
    booked(session_on(year.schedules["peebles"], dt.date(2027, 1, 5)), first_name="Sara", email="sara@example.org")
    kept = [booking.session for index, booking in enumerate(outcome.bookings) if index != 2]

    response = get(client, reverse("events:personal_ical", args=[outcome.contact.feed_token]))

    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"private", "no-cache"}
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert expanded(response.content, calendar_window_start()) == {
        (s.start.astimezone(UTC), s.end.astimezone(UTC)): 1 for s in kept
    }
    assert not [event for event in parse(response.content).walk("VEVENT") if "RRULE" in event]
    text = response.content.decode().replace("\r\n ", "")
    assert "Amina" not in text and "amina@example.org" not in text


def test_personal_feed_drops_a_cancelled_session_on_the_next_request(client, year, clock):
    session = session_on(year.schedules["croydon_mums"], dt.date(2027, 1, 6))
    contact = booked(session).contact
    url = reverse("events:personal_ical", args=[contact.feed_token])
    first = get(client, url)
    assert len(parse(first.content).walk("VEVENT")) == 1

    session_cancel(session=session, reason="Snow")
    second = get(client, url, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert parse(second.content).walk("VEVENT") == []


def test_personal_feed_needs_the_right_token(client, year):
    contact = booked(session_on(year.schedules["croydon_mums"], dt.date(2027, 1, 6))).contact
    url = reverse("events:personal_ical", args=[contact.feed_token])
    assert get(client, url).status_code == 200
    assert get(client, reverse("events:personal_ical", args=["not-the-token"])).status_code == 404
    assert get(client, reverse("events:personal_ical", args=[contact.feed_token[:-1]])).status_code == 404


def test_http_date_of_last_modified_matches_the_latest_change(client, year, clock):
    url = reverse("events:page_ical", args=[year.peebles.pk])
    clock.move_to(dt.datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    session_cancel(session=session_on(year.schedules["peebles"], dt.date(2027, 1, 5)), reason="Snow")
    clock.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC))

    response = get(client, url)

    assert response["Last-Modified"] == http_date(dt.datetime(2026, 12, 1, 8, 0, tzinfo=UTC).timestamp())


def test_a_group_named_in_any_script_has_working_feeds(client, clock):
    tree = site_tree()
    area = area_add(tree, "Croydon")
    group = group_add(area, "مجموعة الأمهات", venue=venue_add("Thornton Heath Community Centre"))
    schedule = schedule_create(
        group, repeats="weekly", weekday=2, starts_on=dt.date(2026, 12, 2), start_time=dt.time(10)
    )
    session = session_on(schedule, dt.date(2026, 12, 9))

    for url in (reverse("events:page_ical", args=[group.pk]), reverse("events:session_ical", args=[session.pk])):
        response = get(client, url)

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
        assert {str(event["SUMMARY"]) for event in parse(response.content).walk("VEVENT")} == {"مجموعة الأمهات"}


def test_many_polls_after_a_change_build_the_file_once():
    # Calendar apps polling the moment a feed changes: one request builds the new
    # file, the others wait for its copy instead of building their own.
    builds = []
    started = threading.Event()

    def slow_build():
        builds.append(1)
        started.set()
        time.sleep(0.3)
        return b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    results = []

    def poll():
        results.append(http_cache.cached_body("ical:test-version", slow_build))

    first = threading.Thread(target=poll)
    first.start()
    started.wait(timeout=5)
    others = [threading.Thread(target=poll) for _ in range(5)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(timeout=10)

    assert len(builds) == 1
    assert results == [b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"] * 6


def test_a_failed_build_does_not_leave_others_waiting():
    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        http_cache.cached_body("ical:broken-version", broken)

    started = time.monotonic()
    assert http_cache.cached_body("ical:broken-version", lambda: b"rebuilt") == b"rebuilt"
    assert time.monotonic() - started < 1
