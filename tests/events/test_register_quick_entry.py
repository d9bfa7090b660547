"""The paper register typed in afterwards: every tick, walk-in and the headcount in one submit."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events.models import Booking, Session
from events.models.bookings import BookingStatus
from events.services.bookings import booking_cancel
from events.services.register import register_mark, session_register_record
from tests.events.booking_support import book, session_make, two_area_site_with_leaders

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return two_area_site_with_leaders()


def started(session) -> Session:
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - dt.timedelta(minutes=90), end=timezone.now() - dt.timedelta(minutes=30)
    )
    return Session.objects.get(pk=session.pk)


def paper_url(session) -> str:
    return reverse("events_session:register_paper", args=[session.pk])


def walk_in_rows(*rows) -> dict:
    data = {"walk_ins-TOTAL_FORMS": "8", "walk_ins-INITIAL_FORMS": "0"}
    for number, (adults, children) in enumerate(rows):
        data[f"walk_ins-{number}-adults"] = adults
        data[f"walk_ins-{number}-children"] = children
    return data


@pytest.fixture
def booked(site):
    session = session_make(site.mums, days=1)
    amina = book(session, first_name="Amina", adults=1, children=2).bookings[0]
    sara = book(session, first_name="Sara", email="sara@example.org").bookings[0]
    nadia = book(session, first_name="Nadia", email="nadia@example.org").bookings[0]
    return started(session), amina, sara, nadia


def statuses() -> dict:
    return dict(Booking.objects.filter(walk_in=False).values_list("contact__first_name", "status"))


class TestTypingItIn:
    def test_ticks_walk_ins_are_saved_in_one_post(self, client, site, booked):
        session, amina, sara, nadia = booked
        client.force_login(site.mums_leader)

        response = client.post(
            paper_url(session),
            {
                f"register-came_{amina.pk}": "on",
                f"register-came_{sara.pk}": "on",
                **walk_in_rows(("2", "1"), ("", "3")),
            },
        )

        assert response.status_code == 302
        assert response["Location"] == reverse("events_session:register", args=[session.pk])
        assert statuses() == {"Amina": "attended", "Sara": "attended", "Nadia": "no_show"}
        walk_ins = sorted(Booking.objects.filter(session=session, walk_in=True).values_list("adults", "children"))
        assert walk_ins == [(0, 3), (2, 1)]
        assert all(b.contact_id is None for b in Booking.objects.filter(walk_in=True))
        register = client.get(response["Location"]).content.decode()
        assert "Register saved: 2 families came, 1 did not come, 6 people walked in." in register
        entry = ModelLogEntry.objects.filter(action="events.register").latest("pk")
        assert entry.user_id == site.mums_leader.pk
        assert entry.data == {"came": 2, "did_not_come": 1, "walk_in": 6}

    def test_each_tick_box_is_labelled_with_the_family(self, client, site, booked):
        session, amina, *_ = booked
        register_mark(booking=Booking.objects.get(pk=amina.pk), status=BookingStatus.ATTENDED)
        client.force_login(site.mums_leader)

        page = BeautifulSoup(client.get(paper_url(session)).content, "html.parser")

        box = page.find("input", attrs={"name": f"register-came_{amina.pk}"})
        assert box["type"] == "checkbox" and box.has_attr("checked")
        label = page.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        assert label == "Amina came (1 adult, 2 children)"
        assert len(page.find_all("fieldset", class_="gather-walk-in-row")) == 8
        assert not page.find_all("input", attrs={"name": "register-headcount_adults"})

    def test_a_drop_in_headcount_is_saved_with_the_walk_ins(self, client, site):
        session = started(session_make(site.peebles, days=1, mode="drop_in"))
        client.force_login(site.peebles_leader)

        response = client.post(
            paper_url(session),
            {"register-headcount_adults": "7", "register-headcount_children": "9", **walk_in_rows(("1", "0"))},
        )

        assert response.status_code == 302
        session.refresh_from_db()
        assert (session.headcount_adults, session.headcount_children) == (7, 9)
        assert Booking.objects.filter(session=session, walk_in=True).count() == 1

    def test_the_register_links_to_it_on_the_day(self, client, site, booked):
        session = booked[0]
        client.force_login(site.mums_leader)

        page = BeautifulSoup(client.get(reverse("events_session:register", args=[session.pk])).content, "html.parser")

        assert page.find("a", string="Type in the paper register")["href"] == paper_url(session)


class TestBadInput:
    def test_a_bad_number_is_refused_plainly_and_nothing_is_lost(self, client, site, booked):
        session, amina, sara, nadia = booked
        client.force_login(site.mums_leader)

        response = client.post(
            paper_url(session),
            {f"register-came_{amina.pk}": "on", **walk_in_rows(("2", "1"), ("-1", "x"))},
        )

        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        text = page.get_text(" ", strip=True)
        assert "Nothing was saved. Please correct what is marked below and save again." in text
        assert "Enter a whole number." in text
        assert statuses() == {"Amina": "confirmed", "Sara": "confirmed", "Nadia": "confirmed"}
        assert not Booking.objects.filter(walk_in=True).exists()
        # What was typed is still there to correct.
        assert page.find("input", attrs={"name": f"register-came_{amina.pk}"}).has_attr("checked")
        assert not page.find("input", attrs={"name": f"register-came_{sara.pk}"}).has_attr("checked")
        assert page.find("input", attrs={"name": "walk_ins-0-adults"})["value"] == "2"
        assert page.find("input", attrs={"name": "walk_ins-1-adults"})["value"] == "-1"

    def test_half_a_headcount_is_refused(self, client, site):
        session = started(session_make(site.peebles, days=1, mode="drop_in"))
        client.force_login(site.peebles_leader)

        response = client.post(paper_url(session), {"register-headcount_adults": "7", **walk_in_rows(("1", "1"))})

        assert "Give both numbers of the headcount, or neither." in response.content.decode()
        session.refresh_from_db()
        assert session.headcount_adults is None
        assert not Booking.objects.filter(walk_in=True).exists()

    def test_a_booking_cancelled_meanwhile_refuses_the_whole_sheet(self, site, booked):
        session, amina, sara, nadia = booked
        booking_cancel(booking=sara, by=site.staff)

        with pytest.raises(ValidationError, match="cancelled meanwhile"):
            session_register_record(session=session, came=[amina.pk, sara.pk], walk_ins=[(1, 0)], by=site.mums_leader)

        assert Booking.objects.get(pk=amina.pk).status == BookingStatus.CONFIRMED
        assert not Booking.objects.filter(walk_in=True).exists()

    def test_nothing_is_typed_in_before_the_day(self, client, site):
        session = session_make(site.mums, days=3)
        amina = book(session, first_name="Amina").bookings[0]
        client.force_login(site.mums_leader)

        page = client.get(paper_url(session)).content.decode()
        response = client.post(paper_url(session), {f"register-came_{amina.pk}": "on", **walk_in_rows()})

        assert "The register opens on the day of the session." in page
        assert response.status_code == 200
        assert Booking.objects.get(pk=amina.pk).status == BookingStatus.CONFIRMED


class TestWhoMayTypeItIn:
    def test_another_groups_leader_does_not_find_it(self, client, site, booked):
        session, amina, *_ = booked
        client.force_login(site.peebles_leader)

        assert client.get(paper_url(session)).status_code == 404
        assert client.post(paper_url(session), {f"register-came_{amina.pk}": "on", **walk_in_rows()}).status_code == 404
        assert Booking.objects.get(pk=amina.pk).status == BookingStatus.CONFIRMED
