"""A family's language follows them: stored with each request, used for their private pages,
calendar and emailed links, and shown to staff on the register and the bookings listing."""

import csv
import datetime as dt
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from events import feeds
from events.language import family_language, language_clean, manage_path
from events.models import Booking, Contact, Schedule, Session, WaitingEntry
from events.models.bookings import WaitingStatus
from events.services.bookings import booking_cancel, booking_update
from events.services.waiting_list import waiting_join
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, family, group_make, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return group_make("Croydon Mums' Space", area_title="Croydon", has_creche=True)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def html(response) -> str:
    return response.content.decode()


def day_in(language: str, moment) -> str:
    """How the private page writes a session's day ("l j E") in `language`."""
    with translation.override(language):
        return date_format(timezone.localtime(moment), "l j E")


class TestStored:
    def test_a_booking_stores_the_language_it_was_made_in(self, group):
        outcome = book(session_make(group), language="ar")

        assert outcome.bookings[0].language == "ar"
        assert Contact.objects.get(pk=outcome.contact.pk).language == "ar"

    def test_every_booking_of_a_run_has_it(self, group):
        schedule = Schedule.objects.create(page=group, starts_on=timezone.localdate(), start_time=dt.time(10))
        for days in (7, 14):
            session = session_make(group, days=days)
            Session.objects.filter(pk=session.pk).update(schedule=schedule, occurrence_start=session.start)
        outcome = book(Session.objects.filter(schedule=schedule).earliest("start"), language="bn", whole_run=True)

        assert len(outcome.bookings) == 2
        assert {b.language for b in Booking.objects.filter(contact=outcome.contact)} == {"bn"}

    @pytest.mark.parametrize(("given", "stored"), [("xx", ""), ("", ""), ("AR", "ar"), ("pl-pl", "pl")])
    def test_only_a_language_of_the_site_is_kept(self, group, given, stored):
        assert language_clean(given) == stored
        assert book(session_make(group), language=given).bookings[0].language == stored

    def test_a_waiting_entry_stores_it_and_the_place_given_later_keeps_it(self, group):
        session = session_make(group, places=1)
        taken = book(session, first_name="Sara", email="sara@example.org").bookings[0]
        entry = waiting_join(session=session, language="ur", **family()).entry
        assert (entry.language, entry.contact.language) == ("ur", "ur")

        booking_cancel(booking=taken)

        entry.refresh_from_db()
        assert entry.status == WaitingStatus.PROMOTED
        assert entry.booking.language == "ur"

    def test_changing_a_booking_keeps_its_language(self, group):
        booking = book(session_make(group), language="ar").bookings[0]

        with translation.override("pl"):
            booking_update(booking=booking, adults=2, children=1, creche_children=0)

        booking.refresh_from_db()
        assert (booking.adults, booking.language) == (2, "ar")

    def test_no_language_stored_means_the_sites_default(self, group):
        booking = book(session_make(group)).bookings[0]

        assert booking.language == ""
        assert family_language(booking) == family_language(booking.contact) == settings.LANGUAGE_CODE


class TestForms:
    def send(self, client, session, language, **overrides):
        with translation.override(language):
            url = reverse("events:session_detail", args=[session.pk])
        page = html(client.get(url))
        key = re.search(r'name="request_key" value="([^"]+)"', page).group(1)
        data = {
            "first_name": "Amina",
            "email": "amina@example.org",
            "adults": "1",
            "children": "0",
            "consent": "on",
            "request_key": key,
            "action": "book",
            "website": "",
            **overrides,
        }
        return url, client.post(url, data)

    def test_a_booking_made_on_an_arabic_page_is_stored_as_arabic(self, client, group):
        url, response = self.send(client, session_make(group), "ar")

        assert url.startswith("/ar/")
        assert response.status_code == 302
        booking = Booking.objects.get()
        assert (booking.language, booking.contact.language) == ("ar", "ar")
        assert response.url.startswith(f"/ar/booking/{booking.contact.manage_token}/")

    def test_joining_a_waiting_list_on_an_urdu_page_is_stored_as_urdu(self, client, group):
        session = session_make(group, places=1)
        book(session, first_name="Sara", email="sara@example.org")

        _url, response = self.send(client, session, "ur", action="wait")

        assert response.status_code == 302
        assert WaitingEntry.objects.get().language == "ur"

    def test_a_booking_made_on_an_english_page_is_stored_as_english(self, client, group):
        url, _response = self.send(client, session_make(group), settings.LANGUAGE_CODE)

        assert not url.startswith(f"/{settings.LANGUAGE_CODE}/")
        assert Booking.objects.get().language == settings.LANGUAGE_CODE


class TestPrivatePages:
    def test_a_link_without_a_language_shows_the_familys_own(self, client, group):
        outcome = book(session_make(group), language="ar")
        session = outcome.bookings[0].session
        assert day_in("ar", session.start) != day_in("en-gb", session.start)

        response = client.get(reverse("events:booking_manage", args=[outcome.contact.manage_token]))

        assert response.status_code == 200
        assert response["Content-Language"] == "ar"
        assert day_in("ar", session.start) in html(response)
        assert day_in("en-gb", session.start) not in html(response)

    def test_english_chosen_on_the_language_list_wins_over_the_familys_own(self, client, group):
        outcome = book(session_make(group), language="ar")
        session = outcome.bookings[0].session
        manage = reverse("events:booking_manage", args=[outcome.contact.manage_token])

        chosen = client.get("/language/en-gb/", {"next": f"/ar{manage}"})
        response = client.get(chosen["Location"])

        assert chosen["Location"] == manage
        assert response["Content-Language"] == "en-gb"
        assert day_in("en-gb", session.start) in html(response)

    def test_the_pages_to_change_or_cancel_follow_it_too(self, client, group):
        outcome = book(session_make(group), language="pl")
        token, booking = outcome.contact.manage_token, outcome.bookings[0]

        for name in ["booking_change", "booking_cancel"]:
            response = client.get(reverse(f"events:{name}", args=[token, booking.pk]))
            assert response["Content-Language"] == "pl"
        assert client.get(reverse("events:private_link_reset", args=[token]))["Content-Language"] == "pl"

    def test_a_family_with_no_language_stored_reads_the_sites_default(self, client, group):
        outcome = book(session_make(group))
        session = outcome.bookings[0].session

        response = client.get(reverse("events:booking_manage", args=[outcome.contact.manage_token]))

        assert response["Content-Language"] == settings.LANGUAGE_CODE
        assert day_in("en-gb", session.start) in html(response)

    def test_a_link_with_a_language_shows_that_language(self, client, group):
        outcome = book(session_make(group), language="ar")
        session = outcome.bookings[0].session
        with translation.override("pl"):
            url = reverse("events:booking_manage", args=[outcome.contact.manage_token])
        assert url.startswith("/pl/")

        response = client.get(url)

        assert response["Content-Language"] == "pl"
        assert day_in("pl", session.start) in html(response)

    def test_an_unknown_link_is_still_not_found(self, client, group):
        assert client.get(reverse("events:booking_manage", args=["not-a-real-token"])).status_code == 404

    def test_the_personal_calendar_is_built_in_the_familys_language(self, client, group, monkeypatch):
        outcome = book(session_make(group), language="bn")
        built_in = []
        sessions_calendar = feeds.ical.sessions_calendar

        def recording(**kwargs):
            built_in.append(translation.get_language())
            return sessions_calendar(**kwargs)

        monkeypatch.setattr(feeds.ical, "sessions_calendar", recording)

        response = client.get(reverse("events:personal_ical", args=[outcome.contact.feed_token]))

        assert response.status_code == 200
        assert built_in == ["bn"]


class TestManageLink:
    def test_the_link_is_in_the_familys_language(self, group):
        arabic = book(session_make(group), language="ar")
        english = book(session_make(group, days=8), first_name="Fiona", email="fiona@example.org")

        assert manage_path(arabic.contact) == f"/ar/booking/{arabic.contact.manage_token}/"
        assert manage_path(arabic.bookings[0]) == f"/ar/booking/{arabic.contact.manage_token}/"
        assert manage_path(english.contact) == f"/booking/{english.contact.manage_token}/"

    def test_emails_carry_it(self, group, commit):
        with commit():
            outcome = book(session_make(group), language="ur")

        [message] = mail.outbox
        assert f"/ur/booking/{outcome.contact.manage_token}/?proof=" in message.body


@pytest.fixture
def site():
    site = two_area_site()
    site.mums_leader = user_in("amina_leader", group_leader_role_ensure(site.mums))
    return site


def listed(response) -> str:
    table = BeautifulSoup(response.content, "html.parser").find("table", class_="listing")
    return table.get_text(" ", strip=True) if table else ""


def csv_rows(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


class TestStaffSeeIt:
    @pytest.fixture
    def families(self, site):
        session = session_make(site.mums, days=2)
        return {
            "ar": book(session, first_name="Amina", language="ar").bookings[0],
            "ur": book(session, first_name="Bushra", email="bushra@example.org", language="ur").bookings[0],
            "": book(session, first_name="Carol", email="carol@example.org").bookings[0],
        }

    def test_the_register_names_each_familys_language(self, client, site, families):
        client.force_login(site.mums_leader)

        response = client.get(reverse("events_session:register", args=[families["ar"].session_id]))

        rows = {
            row.find("td").get_text(" ", strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
            for row in BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
        }
        assert "Arabic" in rows["Amina"]
        assert "Urdu" in rows["Bushra"]
        assert "English" in rows["Carol"]

    def test_the_register_names_it_on_the_waiting_list(self, client, site):
        session = session_make(site.mums, days=2, places=1)
        book(session, first_name="Amina")
        waiting_join(session=session, language="ur", **family(first_name="Bushra", email="bushra@example.org"))
        client.force_login(site.mums_leader)

        response = client.get(reverse("events_session:register", args=[session.pk]))

        soup = BeautifulSoup(response.content, "html.parser")
        waiting = soup.find("section", attrs={"aria-labelledby": "waiting-heading"}).get_text(" ", strip=True)
        assert "Bushra (Urdu)" in waiting

    def test_the_bookings_listing_shows_it_and_filters_by_it(self, client, site, families):
        client.force_login(site.staff)
        index = reverse("events_booking:index")

        everyone = listed(client.get(index))
        urdu = listed(client.get(index, {"language": "ur"}))
        english = listed(client.get(index, {"language": settings.LANGUAGE_CODE}))

        assert "Arabic" in everyone and "Urdu" in everyone
        assert "Bushra" in urdu and "Amina" not in urdu and "Carol" not in urdu
        # Bookings with no language stored were made in the site's default.
        assert "Carol" in english and "Amina" not in english

    def test_the_spreadsheet_has_a_language_column(self, client, site, families):
        client.force_login(site.staff)

        rows = csv_rows(client.get(reverse("events_booking:index"), {"export": "csv"}))

        assert {row["First name"]: row["Language"] for row in rows} == {
            "Amina": "Arabic",
            "Bushra": "Urdu",
            "Carol": "English",
        }

    def test_the_familys_data_page_shows_it(self, client, site, families):
        client.force_login(site.staff)

        response = client.get(reverse("events_privacy:contact", args=[families["ur"].contact_id]))

        assert "Urdu" in html(response)
