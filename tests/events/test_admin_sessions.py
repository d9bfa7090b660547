"""Staff manage sessions in the Wagtail admin: the listing, cancel, move, add and the register.

A group leader sees and changes only their own group's sessions.
"""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Session
from events.models.bookings import BookingStatus
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ
from events.services.waiting_list import waiting_join
from tests.events.booking_support import book, family, session_make, two_area_site_with_leaders, user_in
from tests.factories import venue_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return two_area_site_with_leaders()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def text(response) -> str:
    return response.content.decode()


def rows(response) -> list[list[str]]:
    """The cells of the listing table, as text, one list per row."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="listing")
    if table is None:
        return []
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in table.find("tbody").find_all("tr")
    ]


def listed(response) -> str:
    return " | ".join(" ".join(row) for row in rows(response))


class TestListing:
    def test_staff_see_upcoming_sessions_with_places_left_and_waiting_list_length(self, client, site):
        session = session_make(site.mums, places=3)
        book(session, adults=3)
        waiting_join(session=session, **family(first_name="Sara", email="sara@example.org"))
        session_make(site.peebles, days=-14)
        client.force_login(site.staff)

        response = client.get(reverse("events_session:index"))

        assert response.status_code == 200
        [row] = rows(response)  # the Peebles session is in the past
        assert row[0].startswith("Mums' Space")
        assert row[1:5] == ["Thornton Heath Community Centre", "0", "0", "1"]
        assert row[5] == "Scheduled"

    def test_filters_by_area_group_and_date(self, client, site):
        near = session_make(site.mums, days=3)
        far = session_make(site.mums, days=40)
        borders = session_make(site.peebles, days=3)
        client.force_login(site.staff)
        index = reverse("events_session:index")

        by_area = listed(client.get(index, {"area": site.borders.pk}))
        by_group = listed(client.get(index, {"page": site.mums.pk}))
        day = near.start.astimezone(LOCAL_TZ).date().isoformat()
        by_date = listed(client.get(index, {"start_from": day, "start_to": day}))

        assert "Peebles Toddlers" in by_area and "Mums' Space" not in by_area
        assert str(near) in by_group and str(far) in by_group and "Peebles Toddlers" not in by_group
        assert str(far) not in by_date and str(near) in by_date and str(borders) in by_date

    def test_past_sessions_are_one_choice_away(self, client, site):
        past = session_make(site.peebles, days=-14)
        client.force_login(site.staff)

        assert str(past) in listed(client.get(reverse("events_session:index"), {"when": "past"}))
        assert str(past) in listed(client.get(reverse("events_session:index"), {"when": ""}))

    def test_a_group_leader_sees_only_their_own_groups_sessions(self, client, site):
        session_make(site.mums)
        session_make(site.peebles)
        client.force_login(site.peebles_leader)

        response = client.get(reverse("events_session:index"))

        assert "Peebles Toddlers" in listed(response)
        assert "Mums' Space" not in text(response)

    def test_the_listing_costs_the_same_however_many_sessions_there_are(self, client, site):
        session_make(site.mums)
        client.force_login(site.staff)
        url = reverse("events_session:index")
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for day in range(2, 10):
            book(session_make(site.peebles, days=day), first_name=f"Family {day}")

        with CaptureQueriesContext(connection) as many:
            response = client.get(url)

        assert len(rows(response)) == 9
        assert len(many) == len(few)

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, site):
        session = session_make(site.mums)
        for url in [
            reverse("events_session:index"),
            reverse("events_session:register", args=[session.pk]),
            reverse("events_session:cancel", args=[session.pk]),
        ]:
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))

    def test_a_user_with_no_group_cannot_open_the_sessions(self, client, site):
        nobody = user_in("volunteer")
        nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(nobody)

        response = client.get(reverse("events_session:index"))

        assert response.status_code in (302, 403)


class TestChanges:
    def test_staff_cancel_a_session_with_a_reason_and_families_are_told(self, client, site, commit):
        session = session_make(site.mums)
        book(session, email="amina@example.org")
        client.force_login(site.mums_leader)

        with commit():
            response = client.post(
                reverse("events_session:cancel", args=[session.pk]), {"reason": "The centre is closed for a funeral"}
            )

        assert response.status_code == 302
        session.refresh_from_db()
        assert (session.status, session.status_reason) == (
            SessionStatus.CANCELLED,
            "The centre is closed for a funeral",
        )
        assert [m.to for m in mail.outbox] == [["amina@example.org"]]

    def test_a_cancellation_needs_a_reason(self, client, site):
        session = session_make(site.mums)
        client.force_login(site.staff)

        response = client.post(reverse("events_session:cancel", args=[session.pk]), {"reason": ""})

        assert response.status_code == 200
        assert "This field is required" in text(response)
        assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED

    def test_staff_move_a_session_to_another_time_and_venue(self, client, site, commit):
        session = session_make(site.mums)
        book(session)
        library = venue_add("Croydon Central Library")
        new_day = session.start.astimezone(LOCAL_TZ).date() + dt.timedelta(days=1)
        client.force_login(site.staff)

        with commit():
            response = client.post(
                reverse("events_session:move", args=[session.pk]),
                {
                    "date": new_day.isoformat(),
                    "start_time": "13:00",
                    "end_time": "14:30",
                    "venue": library.pk,
                    "reason": "The hall is being painted",
                },
            )

        assert response.status_code == 302
        session.refresh_from_db()
        assert session.status == SessionStatus.MOVED
        assert session.start == dt.datetime.combine(new_day, dt.time(13), tzinfo=LOCAL_TZ)
        assert session.venue == library
        assert "Croydon Central Library" in mail.outbox[0].body

    def test_staff_add_a_session_by_hand(self, client, site):
        day = timezone.localdate() + dt.timedelta(days=10)
        client.force_login(site.mums_leader)

        response = client.post(
            reverse("events_session:add"),
            {
                "page": site.mums.pk,
                "date": day.isoformat(),
                "start_time": "10:00",
                "end_time": "12:00",
                "venue": "",
                "booking_mode": "book",
                "adult_places": "10",
                "creche_places": "5",
            },
        )

        assert response.status_code == 302
        session = Session.objects.get(page=site.mums)
        assert (session.adult_places, session.creche_places, session.schedule) == (10, 5, None)
        assert session.venue == site.mums.venue

    def test_a_leader_cannot_add_a_session_to_another_group(self, client, site):
        client.force_login(site.peebles_leader)
        day = timezone.localdate() + dt.timedelta(days=10)

        response = client.post(
            reverse("events_session:add"),
            {
                "page": site.mums.pk,
                "date": day.isoformat(),
                "start_time": "10:00",
                "end_time": "12:00",
                "booking_mode": "book",
                "adult_places": "10",
                "creche_places": "0",
            },
        )

        assert response.status_code == 200
        assert "Select a valid choice" in text(response)
        assert not Session.objects.exists()

    def test_staff_read_why_the_session_cannot_go_to_a_time_that_has_passed(self, client, site):
        session = session_make(site.mums)
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        times = {"date": yesterday.isoformat(), "start_time": "10:00", "end_time": "12:00"}
        client.force_login(site.staff)

        moved = client.post(reverse("events_session:move", args=[session.pk]), {**times, "reason": ""})
        added = client.post(
            reverse("events_session:add"),
            {**times, "page": site.mums.pk, "booking_mode": "book", "adult_places": "10", "creche_places": "0"},
        )

        for response in (moved, added):
            assert response.status_code == 200
            assert "Choose a time that has not passed yet." in text(response)
        assert Session.objects.get().start == session.start

    def test_a_leader_of_another_group_can_neither_see_nor_change_a_session(self, client, site):
        session = session_make(site.mums)
        book(session, first_name="Amina", email="amina@example.org")
        client.force_login(site.peebles_leader)

        for name in ["register", "cancel", "move"]:
            url = reverse(f"events_session:{name}", args=[session.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"reason": "Not mine", "form": "register"}).status_code == 404

        session.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED


class TestRegister:
    def started_session(self, group, **fields):
        session = session_make(group, days=1, **fields)
        Session.objects.filter(pk=session.pk).update(
            start=timezone.now() - dt.timedelta(minutes=10), end=timezone.now() + dt.timedelta(hours=1)
        )
        return Session.objects.get(pk=session.pk)

    def test_a_leader_ticks_who_came_and_adds_a_walk_in(self, client, site):
        session = session_make(site.mums, days=1)
        amina = book(session, first_name="Amina").bookings[0]
        sara = book(session, first_name="Sara", email="sara@example.org").bookings[0]
        Session.objects.filter(pk=session.pk).update(
            start=timezone.now() - dt.timedelta(minutes=10), end=timezone.now() + dt.timedelta(hours=1)
        )
        client.force_login(site.mums_leader)
        url = reverse("events_session:register", args=[session.pk])

        page = text(client.get(url))
        assert "Amina" in page and "Sara" in page
        response = client.post(
            url,
            {"form": "register", f"register-booking_{amina.pk}": "attended", f"register-booking_{sara.pk}": "no_show"},
        )
        assert response.status_code == 302
        client.post(url, {"form": "walk_in", "walk_in-adults": "1", "walk_in-children": "2"})

        statuses = dict(Booking.objects.values_list("pk", "status"))
        assert statuses[amina.pk] == BookingStatus.ATTENDED
        assert statuses[sara.pk] == BookingStatus.NO_SHOW
        walk_in = Booking.objects.get(walk_in=True)
        assert (walk_in.adults, walk_in.children, walk_in.status) == (1, 2, BookingStatus.ATTENDED)
        assert "Walk-in" in text(client.get(url))

    def test_a_drop_in_session_has_a_headcount(self, client, site):
        session = self.started_session(site.peebles, mode="drop_in")
        client.force_login(site.peebles_leader)
        url = reverse("events_session:register", args=[session.pk])

        assert "Headcount" in text(client.get(url))
        client.post(url, {"form": "headcount", "headcount-adults": "7", "headcount-children": "9"})

        session.refresh_from_db()
        assert (session.headcount_adults, session.headcount_children) == (7, 9)

    def test_the_register_is_shown_but_not_open_before_the_day(self, client, site):
        session = session_make(site.mums, days=5)
        booking = book(session, first_name="Amina").bookings[0]
        client.force_login(site.staff)
        url = reverse("events_session:register", args=[session.pk])

        page = text(client.get(url))
        response = client.post(url, {"form": "register", f"register-booking_{booking.pk}": "attended"})

        assert "The register opens on the day of the session" in page
        assert "Save the register" not in page
        assert response.status_code == 200
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


class TestDeletingAGroup:
    def test_a_group_with_bookings_is_kept_and_staff_are_told_to_unpublish_it(self, client, site):
        book(session_make(site.mums), first_name="Amina")
        client.force_login(site.staff)

        response = client.post(reverse("wagtailadmin_pages:delete", args=[site.mums.pk]), follow=True)

        assert "cannot be deleted because families have booked" in text(response)
        assert Session.objects.filter(page=site.mums).exists()
        assert Booking.objects.count() == 1

    def test_a_group_nobody_booked_can_be_deleted(self, client, site):
        session_make(site.peebles)
        client.force_login(site.staff)

        client.post(reverse("wagtailadmin_pages:delete", args=[site.peebles.pk]))

        assert not Session.objects.filter(page_id=site.peebles.pk).exists()
