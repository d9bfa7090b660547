"""Venue directions in other languages, on the one venue every language's pages and sessions point at."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html

from events.models import MessageKind, Session, Venue, VenueTranslation
from home.permissions import staff_role_ensure
from tests import factories as f
from tests.events.booking_support import book
from tests.events.test_email_languages import language_record, rendered

pytestmark = pytest.mark.django_db

ENGLISH_PARKING = "Free car park opposite."
ENGLISH_BUS = "X62 bus stops on the High Street."
ARABIC_BUS = "تتوقف الحافلة X62 في الشارع الرئيسي."


@pytest.fixture
def site():
    tree = f.site_tree()
    area = f.area_add(tree, "Scottish Borders")
    venue = f.venue_add("Peebles Burgh Hall", area=area, parking=ENGLISH_PARKING, public_transport=ENGLISH_BUS)
    # No Arabic parking: the English is shown.
    VenueTranslation.objects.create(venue=venue, language="ar", public_transport=ARABIC_BUS)
    group = f.group_add(area, "Peebles Parents", venue=venue, weekday="tuesday")
    workshop = f.workshop_add(
        tree.workshop_index,
        "Sleep and little ones",
        groups=[group],
        venue=venue,
        on=timezone.localdate() + dt.timedelta(days=5),
    )
    return {"tree": tree, "area": area, "venue": venue, "group": group, "workshop": workshop}


def test_arabic_group_and_workshop_pages_give_the_arabic_directions(client, site):
    for page in (site["group"], site["workshop"]):
        html = client.get(f"/ar{page.url}").text

        assert f"<dd>{ARABIC_BUS}</dd>" in html
        assert ENGLISH_BUS not in html
        assert f"<dd>{ENGLISH_PARKING}</dd>" in html  # not given in Arabic


def test_english_pages_give_the_english_directions(client, site):
    for page in (site["group"], site["workshop"]):
        html = client.get(page.url).text

        assert f"<dd>{ENGLISH_BUS}</dd>" in html and f"<dd>{ENGLISH_PARKING}</dd>" in html
        assert ARABIC_BUS not in html


def test_a_language_without_directions_gives_the_english(client, site):
    html = client.get(f"/pl{site['group'].url}").text

    assert f"<dd>{ENGLISH_BUS}</dd>" in html


def test_a_translated_group_page_keeps_the_one_venue_and_its_sessions(client, site):
    group = site["group"]
    arabic = group.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    arabic.save_revision().publish()
    arabic.refresh_from_db()

    assert arabic.venue_id == group.venue_id
    assert Venue.objects.count() == 1
    assert not Session.objects.exclude(venue=site["venue"]).exists()
    html = client.get(arabic.url).text
    assert arabic.url.startswith("/ar/")
    assert f"<dd>{ARABIC_BUS}</dd>" in html


def test_directions_cost_no_query_in_english_and_one_in_another_language(site, django_assert_num_queries):
    venue = Venue.objects.get(pk=site["venue"].pk)
    with django_assert_num_queries(0):
        assert venue.localised.public_transport == ENGLISH_BUS
    with translation.override("ar"), django_assert_num_queries(1):
        assert (venue.localised.parking, venue.localised.public_transport) == (ENGLISH_PARKING, ARABIC_BUS)
        assert venue.localised.public_transport == ARABIC_BUS  # kept for the rest of the page


def test_an_arabic_speaking_familys_reminder_gives_the_arabic_directions(site, monkeypatch):
    session = Session.objects.filter(page=site["group"]).order_by("start").first()
    booking = book(session).bookings[0]

    assert ENGLISH_BUS in rendered(MessageKind.REMINDER, booking).text
    language_record(booking, "ar", monkeypatch)
    assert ARABIC_BUS in rendered(MessageKind.REMINDER, booking).text


@pytest.fixture
def staff_client(client, site):
    user = get_user_model().objects.create_user("staff", "staff@example.org", "a long test password")
    user.groups.add(staff_role_ensure())
    client.force_login(user)
    return client


def test_staff_give_a_venues_directions_in_another_language(staff_client, site):
    venue = site["venue"]
    url = reverse("wagtailsnippets_events_venue:edit", args=[venue.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    assert data["translations-TOTAL_FORMS"] == "1"
    data["translations-0-parking"] = "موقف مجاني للسيارات مقابل القاعة."
    data["translations-TOTAL_FORMS"] = "2"
    data["translations-1-language"] = "ur"
    data["translations-1-parking"] = ""
    data["translations-1-public_transport"] = "X62 بس ہائی اسٹریٹ پر رکتی ہے۔"
    data["translations-1-id"] = ""

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert VenueTranslation.objects.get(venue=venue, language="ar").parking == "موقف مجاني للسيارات مقابل القاعة."
    assert VenueTranslation.objects.get(venue=venue, language="ur").public_transport == "X62 بس ہائی اسٹریٹ پر رکتی ہے۔"
    venue.refresh_from_db()
    assert (venue.parking, venue.public_transport) == (ENGLISH_PARKING, ENGLISH_BUS)
