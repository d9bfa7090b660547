"""schema.org Events on group, workshop and session pages, read back as a search engine reads them.

The pages' JSON-LD is parsed with extruct, the structured-data extractor, and checked
against Google's rules for Event rich results: the required name, startDate and
location with an address, and the recommended end, status, attendance mode,
organiser, offers, image and description.
"""

import datetime as dt
import zoneinfo

import extruct
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from events.models import Session, WorkshopIndexPage
from events.services.bookings import booking_create
from events.services.sessions import session_cancel, session_move
from tests import factories as f

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
SCHEMA = "https://schema.org/"
GOOGLE_REQUIRED = ("name", "startDate", "location")
GOOGLE_RECOMMENDED = ("description", "endDate", "eventStatus", "eventAttendanceMode", "image", "offers", "organizer")


@pytest.fixture
def group(db):
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    hall = f.venue_add("Walkerburn Hall", area=borders, address="Galashiels Road\nWalkerburn", postcode="EH43 6AA")
    image = get_image_model().objects.create(title="Tots", file=get_test_image_file(size=(1600, 1200)))
    return f.group_add(borders, "Walkerburn Tots", venue=hall, weekday="tuesday", image=image)


def _sessions(group):
    return list(Session.objects.filter(page=group, start__gt=timezone.now()).order_by("start"))


def _events(client, url) -> list[dict]:
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    data = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])
    return [item for item in data["json-ld"] if item.get("@type") == "Event"]


def _by_start(events) -> dict[dt.datetime, dict]:
    return {dt.datetime.fromisoformat(event["startDate"]): event for event in events}


def _assert_google_event(event):
    for name in GOOGLE_REQUIRED:
        assert event.get(name), name
    assert event["@context"].rstrip("/") + "/" == SCHEMA
    place = event["location"]
    assert place["@type"] == "Place" and place["name"]
    assert place["address"]["@type"] == "PostalAddress" and place["address"]["postalCode"]
    start, end = dt.datetime.fromisoformat(event["startDate"]), dt.datetime.fromisoformat(event["endDate"])
    assert start.utcoffset() is not None and end > start  # with its offset from UTC
    assert event["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    offer = event["offers"]
    assert (offer["@type"], offer["price"], offer["priceCurrency"]) == ("Offer", "0", "GBP")
    assert offer["url"].startswith("http://testserver/")
    assert event["organizer"] == {"@type": "Organization", "name": "Gather Family Support", "url": "http://testserver/"}


def test_a_group_page_gives_each_upcoming_session_as_an_event_google_can_show(client, group):
    events = _events(client, group.url)

    assert len(events) == 8  # the sessions the page lists, not the half year ahead
    for event in events:
        _assert_google_event(event)
        for name in GOOGLE_RECOMMENDED:
            assert event.get(name), name
    first = events[0]
    session = _sessions(group)[0]
    assert first["name"] == "Walkerburn Tots"
    assert first["description"] == "A friendly group in Walkerburn Tots."
    assert dt.datetime.fromisoformat(first["startDate"]) == session.start
    assert first["startDate"] == session.start.astimezone(LONDON).isoformat()
    assert first["startDate"][11:16] == "10:00"  # the local time on the poster
    assert first["eventStatus"] == SCHEMA + "EventScheduled"
    assert first["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Galashiels Road",
        "addressLocality": "Walkerburn",
        "postalCode": "EH43 6AA",
        "addressCountry": "GB",
    }
    assert first["offers"]["availability"] == SCHEMA + "InStock"
    assert first["offers"]["url"] == f"http://testserver{reverse('events:session_detail', args=[session.pk])}"
    # The picture as link previews show it too: absolute, 1200 by 630, a JPEG.
    assert first["image"][0].startswith("http://testserver/media/images/")
    assert "fill-1200x630" in first["image"][0] and first["image"][0].endswith(".jpg")


def test_a_cancelled_a_moved_and_a_full_session_say_so(client, group):
    first, second, third, fourth = _sessions(group)[:4]
    session_cancel(session=second, reason="Hall closed for repairs")
    new_start = third.start + dt.timedelta(days=2, hours=3)
    session_move(session=third, start=new_start, end=new_start + dt.timedelta(hours=2))
    # Moved to another hall at the same time: it goes ahead, at its new place.
    session_move(session=fourth, start=fourth.start, end=fourth.end, venue=f.venue_add("Church Hall"))
    Session.objects.filter(pk=first.pk).update(adult_places=1)
    booking_create(session=first, first_name="Morag", email="morag@example.org", consent=True)

    events = _by_start(_events(client, group.url))

    for event in events.values():
        _assert_google_event(event)
    assert events[first.start]["offers"]["availability"] == SCHEMA + "SoldOut"
    cancelled = events[second.start]
    assert cancelled["eventStatus"] == SCHEMA + "EventCancelled"
    # No booking page to offer: the group's page, with its other dates.
    assert cancelled["url"] == cancelled["offers"]["url"] == "http://testserver" + group.url
    moved = events[new_start]
    assert moved["eventStatus"] == SCHEMA + "EventRescheduled"
    assert dt.datetime.fromisoformat(moved["previousStartDate"]) == third.start
    assert events[fourth.start]["eventStatus"] == SCHEMA + "EventScheduled"
    assert events[fourth.start]["location"]["name"] == "Church Hall"


def test_summer_sessions_carry_british_summer_time(client, group):
    summer = next(s for s in Session.objects.filter(page=group).order_by("start") if s.start.astimezone(LONDON).dst())

    (event,) = _events(client, reverse("events:session_detail", args=[summer.pk]))

    _assert_google_event(event)
    assert event["startDate"].endswith("T10:00:00+01:00")
    assert event["name"] == "Walkerburn Tots"


def test_a_workshop_names_its_speaker(client, group):
    workshop = f.workshop_add(
        WorkshopIndexPage.objects.get(),
        "Sleep and little ones",
        on=timezone.localdate() + dt.timedelta(days=12),
        venue=group.venue,
        speaker="Dr Khan, health visitor",
    )

    (event,) = _events(client, workshop.url)

    _assert_google_event(event)
    assert event["name"] == "Sleep and little ones"
    assert event["performer"] == {"@type": "Person", "name": "Dr Khan, health visitor"}


def test_a_title_cannot_end_the_data_block(client, group):
    group.title = "Tots </script><script>alert(1)</script> & co"
    group.save_revision().publish()

    cache.clear()
    html = client.get(group.url).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert _events(client, group.url)[0]["name"] == "Tots </script><script>alert(1)</script> & co"


def test_a_group_that_charges_claims_no_price_of_nothing(client, group):
    group.cost = "£1 for tea and biscuits"
    group.save_revision().publish()
    session = _sessions(group)[0]

    for events in (_events(client, group.url), _events(client, reverse("events:session_detail", args=[session.pk]))):
        offer = events[0]["offers"]
        assert "price" not in offer and "priceCurrency" not in offer
        assert offer["description"] == "£1 for tea and biscuits"
        assert offer["availability"] == SCHEMA + "InStock"
