"""The public booking pages, used as a family would: plain forms, no account, no JavaScript."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Contact, Schedule, Session, WaitingEntry
from events.models.bookings import BookingStatus, WaitingStatus
from events.services.leader_preferences import leader_preferences_set
from events.services.sessions import session_cancel
from events.services.waiting_list import waiting_join
from home.permissions import group_leader_role_ensure
from messaging.models import OutboundMessage
from tests.events.booking_support import book, family, group_make, session_make, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return group_make("Croydon Mums' Space", area_title="Croydon", has_creche=True)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def form_data(client, session, **overrides):
    """What the family sends: the form's own hidden key plus what they typed."""
    page = client.get(reverse("events:session_detail", args=[session.pk]))
    key = re.search(r'name="request_key" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "first_name": "Amina",
        "email": "amina@example.org",
        "phone": "",
        "adults": "1",
        "children": "0",
        "creche_children": "0",
        "children_ages": "",
        "access_needs": "",
        "consent": "on",
        "request_key": key,
        "action": "book",
        "website": "",
    }
    data.update(overrides)
    return data


def html(response) -> str:
    return response.content.decode()


class TestSessionPage:
    def test_the_page_shows_the_session_and_a_short_booking_form(self, client, group):
        session = session_make(group, places=10, creche=4)
        book(session, adults=2)

        response = client.get(reverse("events:session_detail", args=[session.pk]))

        page = html(response)
        assert response.status_code == 200
        assert "Croydon Mums&#x27; Space" in page
        assert f'<time datetime="{session.start.astimezone(timezone.get_current_timezone()).isoformat()}' in page
        assert "8 places left" in page
        for label in ["Your first name", "Email address", "Phone number", "Adults", "Children coming with you"]:
            assert f">{label}" in page
        assert "How many of them for the creche" in page
        assert 'href="/privacy/"' in page
        assert "<script" not in page.split("<main", 1)[1]

    def test_creche_questions_are_only_asked_when_there_is_a_creche(self, client, group):
        response = client.get(reverse("events:session_detail", args=[session_make(group, creche=0).pk]))

        assert "creche" not in html(response).lower().split("<form", 1)[1]

    def test_unknown_and_unpublished_sessions_are_not_found(self, client, group):
        session = session_make(group)
        assert client.get(reverse("events:session_detail", args=[session.pk + 1000])).status_code == 404
        group.unpublish()
        assert client.get(reverse("events:session_detail", args=[session.pk])).status_code == 404

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ("cancelled", "Sorry, this session is cancelled."),
            ("past", "This session has already taken place."),
            ("drop_in", "No need to book: just come along."),
        ],
    )
    def test_sessions_that_cannot_be_booked_say_why_and_show_no_form(self, client, group, change, message):
        session = session_make(group, mode="drop_in" if change == "drop_in" else "book")
        if change == "cancelled":
            session_cancel(session=session, reason="Hall closed")
        elif change == "past":
            Session.objects.filter(pk=session.pk).update(start=timezone.now() - dt.timedelta(days=1))

        page = html(client.get(reverse("events:session_detail", args=[session.pk])))

        assert message in page
        assert 'name="first_name"' not in page


class TestBooking:
    def test_a_family_books_and_lands_on_their_private_page_with_an_email_on_its_way(self, client, group, commit):
        session = session_make(group)

        with commit():
            response = client.post(
                reverse("events:session_detail", args=[session.pk]),
                form_data(client, session, access_needs="A quiet corner for feeding"),
            )

        contact = Contact.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("events:booking_manage", args=[contact.manage_token]) + "?booked=1"
        page = html(client.get(response.url))
        assert "You are booked." in page
        assert "We have sent the details to amina@example.org" in page
        assert "A quiet corner for feeding" in page
        assert [m.to for m in mail.outbox] == [["amina@example.org"]]

    def test_numbers_typed_in_arabic_indic_or_bengali_digits_are_read(self, client, group):
        session = session_make(group)

        response = client.post(
            reverse("events:session_detail", args=[session.pk]),
            form_data(client, session, email="", phone="০৭৭০০ ৯০০১২৩", adults="٢", children="۱"),
        )

        assert response.status_code == 302, response.context["form"].errors
        booking = Booking.objects.get()
        assert (booking.adults, booking.children) == (2, 1)
        assert booking.contact.phone == "+447700900123"

    def test_number_boxes_take_any_digits_and_bring_up_a_number_keypad(self, client, group):
        page = html(client.get(reverse("events:session_detail", args=[session_make(group).pk])))

        adults = re.search(r'<input[^>]*name="adults"[^>]*>', page).group(0)
        # A type="number" box would empty itself of "٢" before the form is sent.
        assert 'type="text"' in adults
        assert 'inputmode="numeric"' in adults

    def test_sending_the_form_twice_makes_one_booking(self, client, group):
        session = session_make(group)
        data = form_data(client, session)

        first = client.post(reverse("events:session_detail", args=[session.pk]), data)
        second = client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert first.url == second.url
        assert Booking.objects.count() == 1

    def test_mistakes_are_explained_beside_the_fields_and_what_was_typed_is_kept(self, client, group):
        session = session_make(group)

        response = client.post(
            reverse("events:session_detail", args=[session.pk]),
            form_data(client, session, first_name="Amina", email="", consent="", access_needs="Buggy space"),
        )

        page = html(response)
        assert response.status_code == 200
        assert "Please give an email address or a phone number" in page
        assert "Please tick this box to agree to the privacy notice" in page
        assert 'value="Amina"' in page
        assert "Buggy space" in page
        assert 'aria-invalid="true"' in page
        assert not Contact.objects.exists()

    def test_a_session_that_filled_up_meanwhile_offers_the_waiting_list_keeping_the_details(
        self, client, group, commit
    ):
        session = session_make(group, places=1)
        data = form_data(client, session, first_name="Kirsty", email="kirsty@example.org")
        book(session)

        refused = client.post(reverse("events:session_detail", args=[session.pk]), data)
        page = html(refused)
        assert "Sorry, this session is full." in page
        assert 'value="Kirsty"' in page
        assert 'name="action" value="wait"' in page

        with commit():
            joined = client.post(reverse("events:session_detail", args=[session.pk]), {**data, "action": "wait"})

        entry = WaitingEntry.objects.get()
        assert (entry.contact.first_name, entry.status) == ("Kirsty", WaitingStatus.WAITING)
        assert joined.url.endswith("?waiting=1")
        assert "You are on the waiting list." in html(client.get(joined.url))
        assert mail.outbox[-1].to == ["kirsty@example.org"]

    def test_a_session_cancelled_while_the_form_was_open_is_refused_keeping_the_details(self, client, group):
        session = session_make(group)
        data = form_data(client, session, first_name="Morag")
        session_cancel(session=session, reason="Storm warning")

        page = html(client.post(reverse("events:session_detail", args=[session.pk]), data))

        assert "Storm warning" in page
        assert 'value="Morag"' in page
        assert not Booking.objects.exists()

    def test_a_group_unpublished_while_the_form_was_open_takes_no_booking(self, client, group):
        # Not found, rather than a refusal that would still show the group's dates.
        session = session_make(group)
        data = form_data(client, session, first_name="Morag")
        group.unpublish()

        response = client.post(reverse("events:session_detail", args=[session.pk]), data)

        assert response.status_code == 404
        assert "Morag" not in html(response)
        assert not Booking.objects.exists()

    def test_booking_every_session_of_a_run_says_which_dates_were_full(self, client, group):
        schedule = Schedule.objects.create(page=group, starts_on=timezone.localdate(), start_time=dt.time(10))
        sessions = []
        for week in (1, 2, 3):
            session = session_make(group, days=7 * week, places=1)
            Session.objects.filter(pk=session.pk).update(schedule=schedule, occurrence_start=session.start)
            sessions.append(session)
        book(sessions[1], first_name="Early", email="early@example.org")

        page = html(client.get(reverse("events:session_detail", args=[sessions[0].pk])))
        last_day = sessions[2].start.astimezone(timezone.get_current_timezone())
        assert f"Book this and the next 2 sessions, until {last_day:%A %-d %B}" in page
        response = client.post(
            reverse("events:session_detail", args=[sessions[0].pk]),
            form_data(client, sessions[0], whole_run="on"),
        )
        manage = html(client.get(response.url))

        full_day = sessions[1].start.astimezone(timezone.get_current_timezone())
        assert f"This date was full, so we could not book it: {full_day:%A %-d %B}." in manage
        assert Booking.objects.filter(contact__first_name="Amina").count() == 2

    def test_a_full_session_of_a_run_offers_its_waiting_list_without_booking_every_session(self, client, group):
        schedule = Schedule.objects.create(page=group, starts_on=timezone.localdate(), start_time=dt.time(10))
        sessions = []
        for week in (1, 2):
            session = session_make(group, days=7 * week, places=1)
            Session.objects.filter(pk=session.pk).update(schedule=schedule, occurrence_start=session.start)
            sessions.append(session)
        book(sessions[0], first_name="Early", email="early@example.org")

        page = html(client.get(reverse("events:session_detail", args=[sessions[0].pk])))

        assert "Join the waiting list" in page
        assert "Book this and the next" not in page
        # Its words are about the waiting list, not a booking.
        assert "We tell you here when a place comes up." in page
        assert "We send your booking here." not in page
        # The next date, which has room, is offered instead.
        assert "Or book another date that has places:" in page
        assert reverse("events:session_detail", args=[sessions[1].pk]) in page


class TestPrivateLink:
    def booked(self, group, **details):
        session = session_make(group, places=2, creche=2)
        outcome = book(session, **details)
        return outcome.contact, outcome.bookings[0]

    def test_a_wrong_or_expired_link_is_not_found(self, client, group):
        assert client.get(reverse("events:booking_manage", args=["not-a-real-token"])).status_code == 404
        contact, booking = self.booked(group)
        Session.objects.filter(pk=booking.session_id).update(
            start=timezone.now() - dt.timedelta(days=60), end=timezone.now() - dt.timedelta(days=60)
        )
        assert client.get(reverse("events:booking_manage", args=[contact.manage_token])).status_code == 404

    def test_the_page_is_private(self, client, group):
        contact, _ = self.booked(group)

        response = client.get(reverse("events:booking_manage", args=[contact.manage_token]))

        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in html(response)

    def test_a_family_changes_their_numbers(self, client, group, commit):
        contact, booking = self.booked(group, children=1)
        url = reverse("events:booking_change", args=[contact.manage_token, booking.pk])
        assert 'value="1"' in html(client.get(url))

        with commit():
            response = client.post(
                url, {"adults": "2", "children": "2", "creche_children": "1", "children_ages": "3", "access_needs": ""}
            )

        assert response.status_code == 302
        booking.refresh_from_db()
        assert (booking.adults, booking.children, booking.creche_children) == (2, 2, 1)
        assert "Your booking is changed" in html(client.get(response.url))
        assert "booking has changed" in mail.outbox[-1].subject

    def test_a_family_changes_their_numbers_in_bengali_digits(self, client, group):
        contact, booking = self.booked(group, children=1)
        url = reverse("events:booking_change", args=[contact.manage_token, booking.pk])

        response = client.post(url, {"adults": "২", "children": "১", "creche_children": "০", "access_needs": ""})

        assert response.status_code == 302
        booking.refresh_from_db()
        assert (booking.adults, booking.children, booking.creche_children) == (2, 1, 0)

    def test_asking_for_more_places_than_are_left_is_refused_and_nothing_changes(self, client, group):
        contact, booking = self.booked(group)

        response = client.post(
            reverse("events:booking_change", args=[contact.manage_token, booking.pk]),
            {"adults": "3", "children": "0", "creche_children": "0", "children_ages": "", "access_needs": ""},
        )

        assert "your booking can have at most 2 adults" in html(response)
        booking.refresh_from_db()
        assert booking.adults == 1

    def test_a_family_cancels_and_the_next_family_waiting_gets_the_place(self, client, group, commit):
        session = session_make(group, places=1)
        outcome = book(session, email="amina@example.org")
        waiting = waiting_join(session=session, **family(first_name="Sara", email="sara@example.org"))
        url = reverse("events:booking_cancel", args=[outcome.contact.manage_token, outcome.bookings[0].pk])

        confirm = client.get(url)
        assert "Cancel your booking?" in html(confirm)
        with commit():
            response = client.post(url)

        assert Booking.objects.get(pk=outcome.bookings[0].pk).status == BookingStatus.CANCELLED
        assert "Your booking is cancelled" in html(client.get(response.url))
        waiting.entry.refresh_from_db()
        assert waiting.entry.status == WaitingStatus.PROMOTED
        assert {m.to[0] for m in mail.outbox} == {"amina@example.org", "sara@example.org"}

    def test_a_family_leaves_a_waiting_list(self, client, group):
        session = session_make(group, places=1)
        book(session)
        outcome = waiting_join(session=session, **family(first_name="Sara", email="sara@example.org"))
        url = reverse("events:waiting_leave", args=[outcome.contact.manage_token, outcome.entry.pk])

        manage = html(client.get(reverse("events:booking_manage", args=[outcome.contact.manage_token])))
        assert "Leave the waiting list" in manage
        client.post(url)

        outcome.entry.refresh_from_db()
        assert outcome.entry.status == WaitingStatus.LEFT

    def test_one_familys_link_cannot_reach_another_familys_booking(self, client, group):
        amina, _ = self.booked(group)
        _, saras_booking = self.booked(group, first_name="Sara", email="sara@example.org")

        response = client.post(reverse("events:booking_cancel", args=[amina.manage_token, saras_booking.pk]))

        assert response.status_code == 404
        assert Booking.objects.get(pk=saras_booking.pk).status == BookingStatus.CONFIRMED


class TestQueryCounts:
    def count_queries(self, client, url):
        client.get(url)  # warm caches that are not what this test is about (site root, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    def test_the_session_page_costs_the_same_however_many_bookings_it_has(self, client, group):
        session = session_make(group, places=50)
        url = reverse("events:session_detail", args=[session.pk])
        few = self.count_queries(client, url)
        for number in range(10):
            book(session, email=f"family{number}@example.org")

        assert self.count_queries(client, url) == few

    def test_the_private_page_costs_the_same_however_many_bookings_a_family_has(self, client, group):
        sessions = [session_make(group, days=7 * week) for week in range(1, 6)]
        outcome = book(sessions[0])
        url = reverse("events:booking_manage", args=[outcome.contact.manage_token])
        one = self.count_queries(client, url)
        for session in sessions[1:]:
            # The same family booking more dates (as "book every session of this run" does).
            Booking.objects.create(
                session=session, contact=outcome.contact, household_ref=outcome.contact.household_ref
            )

        assert self.count_queries(client, url) == one

    def test_a_booking_costs_the_same_queries_however_many_people_are_told(
        self, client, group, django_assert_num_queries
    ):
        session = session_make(group, places=10)
        url = reverse("events:session_detail", args=[session.pk])
        for name in ("fiona", "grace"):
            leader_preferences_set(user=user_in(name, group_leader_role_ensure(group)), emails_on_bookings=True)
        # Warms what each process reads once (the site, its settings, content types).
        client.post(url, form_data(client, session, email="first@example.org"))
        data = form_data(client, session, phone="07700 900123", texts="on")

        # The session, an earlier send of this form, the family's household, the leaders;
        # then the contact, the locked session, its places, the booking and one insert
        # for all five messages (the test's own transaction adds a savepoint and its release).
        with django_assert_num_queries(11):
            response = client.post(url, data)

        assert response.status_code == 302
        booking = Booking.objects.get(contact__email="amina@example.org")
        told = OutboundMessage.objects.filter(about_id=booking.pk).values_list("channel", "kind")
        assert sorted(told) == [
            ("email", "booking_confirmed"),
            ("email", "leader_booked"),
            ("email", "leader_booked"),
            ("text", "booking_confirmed"),
        ]
