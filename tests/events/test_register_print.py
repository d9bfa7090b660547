"""The register on paper: a sheet a leader prints for a hall with no signal."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Session
from events.services.register import walk_in_add
from events.services.sessions import session_move
from tests.events.booking_support import book, session_make, two_area_site_with_leaders, user_in
from tests.factories import venue_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return two_area_site_with_leaders()


def sheet(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_rows(table) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in table.find("tbody").find_all("tr")
    ]


def print_url(session) -> str:
    return reverse("events_session:register_print", args=[session.pk])


def started(session) -> Session:
    """The session, moved to have started a few minutes ago, so its register is open."""
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - dt.timedelta(minutes=5), end=timezone.now() + dt.timedelta(hours=1)
    )
    return Session.objects.select_related("page", "venue").get(pk=session.pk)


class TestTheSheet:
    def test_it_lists_the_families_with_their_numbers_needs_and_a_box_to_tick(self, client, site):
        session = session_make(site.mums, days=2, creche=4)
        book(
            session,
            first_name="Amina",
            adults=2,
            children=2,
            creche_children=1,
            children_ages="2",
            access_needs="Step-free access",
        )
        book(session, first_name="Sara", email="sara@example.org", adults=1, children=0)
        client.force_login(site.mums_leader)

        page = sheet(client.get(print_url(session)))

        assert page.h1.get_text(strip=True) == "Mums' Space"
        facts = page.find("dl").get_text(" ", strip=True)
        assert "Thornton Heath Community Centre" in facts
        assert session.start.astimezone(timezone.get_current_timezone()).strftime("%H:%M") in facts
        booked = page.find_all("table")[0]
        headings = [th.get_text(strip=True) for th in booked.find("thead").find_all("th")]
        assert headings == ["Name", "Adults", "Children", "Creche ages", "Needs", "Here"]
        assert table_rows(booked) == [
            ["Amina", "2", "2", "1 in the creche, aged 2", "Step-free access", ""],
            ["Sara", "1", "0", "", "", ""],
        ]
        assert len(booked.find_all(class_="box")) == 2

    def test_it_has_empty_rows_for_walk_ins_and_a_headcount_box(self, client, site):
        session = session_make(site.mums, days=2)
        client.force_login(site.mums_leader)

        page = sheet(client.get(print_url(session)))

        walk_ins = page.find("table", class_="walk-ins")
        assert [th.get_text(strip=True) for th in walk_ins.find_all("th")] == ["#", "Name", "Adults", "Children"]
        assert table_rows(walk_ins) == [[str(number), "", "", ""] for number in range(1, 9)]
        headcount = page.find("table", class_="headcount")
        assert [th.get_text(strip=True) for th in headcount.find_all("th")] == ["Adults who came", "Children who came"]
        assert "Nobody is booked." in page.get_text()

    def test_it_stands_alone_and_hides_its_links_when_printed(self, client, site):
        session = session_make(site.mums, days=2)
        client.force_login(site.mums_leader)

        page = sheet(client.get(print_url(session)))

        # No admin menu or header: only the sheet and a way back, which print styles hide.
        assert page.find(class_="sidebar") is None and page.find(id="wagtail-sidebar") is None
        assert "screen-only" in page.find("nav")["class"]
        assert page.find("nav").find("a")["href"] == reverse("events_session:register", args=[session.pk])
        assert page.find("link", rel="stylesheet")["href"].endswith("css/register-print.css")
        assert page.find("button", attrs={"data-print": True}).has_attr("hidden")

    def test_the_register_links_to_it(self, client, site):
        session = session_make(site.mums, days=2)
        client.force_login(site.mums_leader)

        page = sheet(client.get(reverse("events_session:register", args=[session.pk])))

        assert page.find("a", string="Print the register")["href"] == print_url(session)

    def test_walk_ins_already_typed_in_are_counted_not_listed(self, client, site):
        session = session_make(site.mums, days=1)
        book(session, first_name="Amina")
        session = started(session)
        walk_in_add(session=session, adults=2, children=1)
        client.force_login(site.mums_leader)

        page = sheet(client.get(print_url(session)))

        assert [row[0] for row in table_rows(page.find_all("table")[0])] == ["Amina"]
        assert "Already typed in: 3 people." in page.get_text()

    def test_a_moved_session_gives_the_new_place_and_the_old_one(self, client, site):
        session = session_make(site.mums, days=3)
        new_hall = venue_add("Norbury Library", area=site.croydon)
        session_move(
            session=session,
            start=session.start + dt.timedelta(days=1),
            end=session.end + dt.timedelta(days=1),
            venue=new_hall,
            reason="Hall flooded",
        )
        client.force_login(site.mums_leader)

        facts = sheet(client.get(print_url(session))).find("dl").get_text(" ", strip=True)

        assert "Where Norbury Library" in facts
        assert "Moved from" in facts and "Thornton Heath Community Centre" in facts


class TestWhoMaySeeIt:
    def test_another_groups_leader_does_not_find_it(self, client, site):
        session = session_make(site.mums, days=2)
        book(session, first_name="Amina")
        client.force_login(site.peebles_leader)

        response = client.get(print_url(session))

        assert response.status_code == 404
        assert b"Amina" not in response.content

    def test_someone_without_a_group_is_refused(self, client, site):
        session = session_make(site.mums, days=2)
        client.force_login(user_in("volunteer"))

        assert client.get(print_url(session)).status_code in (302, 403)

    def test_nobody_logged_out_sees_it(self, client, site):
        session = session_make(site.mums, days=2)

        response = client.get(print_url(session))

        assert response.status_code == 302
        assert "login" in response["Location"]


class TestWhatItShows:
    def test_no_phone_email_language_or_messages_go_on_paper(self, client, site):
        session = session_make(site.mums, days=2)
        book(session, first_name="Amina", email="amina@example.org", phone="07700 900123")
        client.force_login(site.mums_leader)

        text = sheet(client.get(print_url(session))).get_text(" ", strip=True)

        assert "Amina" in text
        assert "amina@example.org" not in text
        assert "07700" not in text and "900123" not in text

    def test_cancelled_bookings_are_left_off(self, client, site):
        from events.services.bookings import booking_cancel

        session = session_make(site.mums, days=2)
        booking = book(session, first_name="Sara", email="sara@example.org").bookings[0]
        booking_cancel(booking=booking)
        client.force_login(site.mums_leader)

        assert "Sara" not in sheet(client.get(print_url(session))).get_text()

    def test_its_queries_do_not_grow_with_the_families(self, client, site):
        session = session_make(site.mums, days=2)
        client.force_login(site.mums_leader)
        client.get(print_url(session))
        with CaptureQueriesContext(connection) as few:
            client.get(print_url(session))
        for number in range(6):
            book(session, first_name=f"Family{number}", email=f"f{number}@example.org")
        walk_in_add(session=started(session), adults=1)
        with CaptureQueriesContext(connection) as many:
            response = client.get(print_url(session))

        assert response.status_code == 200
        assert len(few) == len(many) == PRINT_QUERIES


# The login, the pages the user edits and the session: a fixed few; then one for all the bookings.
PRINT_QUERIES = 9
