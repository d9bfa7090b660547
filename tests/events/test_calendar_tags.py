"""Calendar links on pages: feed discovery, subscribe links, "add to my calendar", and
session times a machine can compare with the feeds."""

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from events.selectors.calendar import calendar_window_start
from events.services.bookings import booking_create
from events.services.sessions import session_cancel
from tests.events.calendar_scenarios import UTC, clock_started, expanded, session_on, year_build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "families.example.org"]


@pytest.fixture
def clock():
    with clock_started() as running:
        yield running


@pytest.fixture
def year(clock):
    return year_build()


def render(source: str, **context) -> BeautifulSoup:
    request = RequestFactory().get("/", headers={"host": "families.example.org"})
    html = Template("{% load calendar_tags %}" + source).render(Context({"request": request, **context}))
    return BeautifulSoup(html, "html.parser")


def page_html(client, page) -> BeautifulSoup:
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# Tags on their own ---------------------------------------------------------------


def test_each_kind_of_page_advertises_its_own_feed(year):
    cases = {
        year.peebles: (f"/calendar/pages/{year.peebles.pk}.ics", "Peebles parents and toddlers"),
        year.sleep_workshop: (f"/calendar/pages/{year.sleep_workshop.pk}.ics", "Sleep and settling"),
        year.borders: (f"/calendar/areas/{year.borders.pk}.ics", "Scottish Borders West: groups"),
        year.tree.home: ("/calendar/all.ics", "Gather: groups and workshops"),
        year.tree.privacy: ("/calendar/all.ics", "Gather: groups and workshops"),
    }
    for page, (path, title) in cases.items():
        (link,) = render("{% calendar_link_alternate page %}", page=page).find_all("link")
        assert link["rel"] == ["alternate"]
        assert link["type"] == "text/calendar"
        assert link["href"] == f"http://families.example.org{path}", page
        assert link["title"] == title


def test_no_feed_link_where_there_is_no_page():
    assert str(render("{% calendar_link_alternate page %}")).strip() == ""


def test_subscribe_links_for_apple_google_outlook_and_download(year):
    soup = render("{% calendar_subscribe page %}", page=year.peebles)
    feed = f"http://families.example.org/calendar/pages/{year.peebles.pk}.ics"
    links = {a.get_text(strip=True): a["href"] for a in soup.find_all("a")}

    assert soup.find("details").find("summary").get_text(strip=True) == "Add these dates to your calendar"
    assert (
        links["iPhone, iPad or Mac (Apple Calendar)"]
        == f"webcal://families.example.org/calendar/pages/{year.peebles.pk}.ics"
    )
    google = urlsplit(links["Google Calendar (most Android phones)"])
    assert (google.scheme, google.netloc, google.path) == ("https", "calendar.google.com", "/calendar/r")
    assert parse_qs(google.query) == {"cid": [f"webcal://families.example.org/calendar/pages/{year.peebles.pk}.ics"]}
    assert "webcal%3A%2F%2F" in google.query
    outlook = urlsplit(links["Outlook"])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(outlook.query) == {"url": [feed], "name": ["Peebles parents and toddlers"]}
    assert links["Download the dates (.ics file)"] == feed


def test_every_subscribe_link_reaches_a_working_feed(client, year):
    soup = render("{% calendar_subscribe page %}", page=year.borders)
    for anchor in soup.find_all("a"):
        href = anchor["href"]
        if href.startswith("webcal://"):
            path = urlsplit(href).path
        elif "cid=" in href:
            path = urlsplit(unquote(parse_qs(urlsplit(href).query)["cid"][0])).path
        elif "addfromweb" in href:
            path = urlsplit(parse_qs(urlsplit(href).query)["url"][0]).path
        else:
            path = urlsplit(href).path
        response = client.get(path)
        assert response.status_code == 200, href
        assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_personal_subscribe_links_use_the_familys_private_address(year):
    session = session_on(year.schedules["croydon_mums"], dt.date(2027, 1, 6))
    contact = booking_create(
        session=session, first_name="Amina", email="a@example.org", consent=True, notify=False
    ).contact

    soup = render("{% personal_calendar_subscribe contact %}", contact=contact)

    assert soup.find("summary").get_text(strip=True) == "Add your booked sessions to your calendar"
    assert "Keep this link to yourself" in soup.get_text()
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert f"webcal://families.example.org/calendar/personal/{contact.feed_token}.ics" in hrefs
    assert f"http://families.example.org/calendar/personal/{contact.feed_token}.ics" in hrefs


def test_add_to_my_calendar_for_a_session_and_none_for_a_cancelled_one(year):
    session = session_on(year.schedules["croydon_mums"], dt.date(2027, 1, 6))

    (link,) = render("{% session_add_to_calendar session %}", session=session).find_all("a")
    assert link["href"] == reverse("events:session_ical", args=[session.pk])
    assert link.get_text(" ", strip=True) == "Add to my calendar : Mums together, Wednesday 6 January"

    cancelled = session_cancel(session=session, reason="Snow")
    assert render("{% session_add_to_calendar session %}", session=cancelled).find_all("a") == []


# On the real pages ---------------------------------------------------------------


def test_pages_with_feeds_advertise_them_in_the_head(client, year):
    cases = {
        year.tree.home: reverse("events:site_ical"),
        year.borders: reverse("events:area_ical", args=[year.borders.pk]),
        year.peebles: reverse("events:page_ical", args=[year.peebles.pk]),
        year.sleep_workshop: reverse("events:page_ical", args=[year.sleep_workshop.pk]),
    }
    for page, path in cases.items():
        soup = page_html(client, page)
        (link,) = soup.head.find_all("link", rel="alternate", type="text/calendar")
        assert urlsplit(link["href"]).path == path
        subscribe = soup.body.find("details", class_="calendar-subscribe")
        assert subscribe is not None, page
        assert f"webcal://testserver{path}" in [a["href"] for a in subscribe.find_all("a")]


def test_each_session_on_a_group_page_can_be_added_to_a_calendar(client, year):
    soup = page_html(client, year.croydon_mums)
    links = soup.find_all("a", class_="add-to-calendar")

    assert links
    for link in links:
        response = client.get(link["href"])
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_session_times_on_a_group_page_match_its_feed(client, year):
    soup = page_html(client, year.peebles)
    shown_starts = [
        dt.datetime.fromisoformat(item.find("time")["datetime"])
        for item in soup.select("li.session")
        if item.find("time") and "session--cancelled" not in item["class"]
    ]
    feed = client.get(reverse("events:page_ical", args=[year.peebles.pk])).content
    feed_starts = sorted(start for start, _end in expanded(feed, calendar_window_start()))

    assert shown_starts
    for shown in shown_starts:
        assert shown.utcoffset() is not None, "every time says its offset from UTC"
        assert shown.astimezone(UTC) in feed_starts
    assert [s.astimezone(UTC) for s in shown_starts] == feed_starts[: len(shown_starts)]
