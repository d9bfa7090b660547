"""One family booking one session twice: staff see it and can cancel the extra place; strangers learn nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Session
from events.models.bookings import BookingStatus
from events.models.messages import MessageKind
from events.selectors.funders import funder_figures
from events.services.bookings import booking_cancel
from events.services.register import register_mark
from home.permissions import group_leader_role_ensure
from messaging.selectors import messages_for
from tests.events.booking_support import book, session_make, two_area_site, user_in
from tests.events.test_booking_views import form_data

pytestmark = pytest.mark.django_db

# The same family, typed twice.
TYPED_TWICE = {
    "email in another case": ({"email": "amina@example.org"}, {"email": "Amina@Example.ORG"}),
    "phone with dashes": ({"email": "", "phone": "07700 900111"}, {"email": "", "phone": "07700-900-111"}),
    "phone with country code": ({"email": "", "phone": "07700 900111"}, {"email": "", "phone": "+44 7700 900111"}),
}


@pytest.fixture
def site():
    return two_area_site()


@pytest.fixture(params=list(TYPED_TWICE), ids=list(TYPED_TWICE))
def twice(request, site):
    first_details, second_details = TYPED_TWICE[request.param]
    session = session_make(site.mums, days=3)
    first = book(session, first_name="Amina", **first_details).bookings[0]
    second = book(session, first_name="Amina", **second_details).bookings[0]
    other = book(session, first_name="Sara", email="sara@example.org", phone="07700 900222").bookings[0]
    return session, first, second, other


def listing_rows(client):
    page = client.get(reverse("events_booking:index")).content.decode()
    body = page.split("<tbody", 1)[1]
    return body.split("<tr")[1:]


class TestStaffSeePossibleDuplicates:
    def test_the_bookings_list_flags_both_and_offers_to_cancel_the_later_one(self, client, site, twice):
        session, first, second, other = twice
        client.force_login(site.staff)

        rows = listing_rows(client)

        flagged = [row for row in rows if "Possible duplicate" in row]
        assert len(flagged) == 2
        assert all("Amina" in row for row in flagged)
        cancel_extra = [row for row in rows if reverse("events_booking:cancel_extra", args=[second.pk]) in row]
        assert len(cancel_extra) == 1
        assert reverse("events_booking:cancel_extra", args=[first.pk]) not in "".join(rows)

    def test_the_register_flags_them_too(self, client, site, twice):
        session, first, second, other = twice
        client.force_login(site.staff)

        page = client.get(reverse("events_session:register", args=[session.pk])).content.decode()

        assert page.count("Possible duplicate") == 2
        assert reverse("events_booking:cancel_extra", args=[second.pk]) in page

    def test_a_cancelled_booking_or_another_session_is_no_duplicate(self, client, site, twice):
        session, first, second, other = twice
        booking_cancel(booking=second)
        book(session_make(site.mums, days=10), first_name="Amina", email="amina@example.org", phone="07700 900111")
        client.force_login(site.staff)

        assert not any("Possible duplicate" in row for row in listing_rows(client))

    def test_flagging_costs_no_query_per_row(self, client, site, twice):
        session, *_ = twice
        client.force_login(site.staff)
        url = reverse("events_booking:index")
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for number in range(4):
            book(session, first_name=f"Family {number}", email=f"family{number}@example.org")
            book(session, first_name=f"Family {number}", email=f"FAMILY{number}@example.org")
        with CaptureQueriesContext(connection) as many:
            client.get(url)

        assert len(many) == len(few)


class TestCancelTheExtraBooking:
    def test_cancels_the_later_booking_and_tells_the_family_as_for_any_cancellation(self, client, site, twice):
        session, first, second, other = twice
        client.force_login(site.staff)
        url = reverse("events_booking:cancel_extra", args=[second.pk])

        assert "looks like a second booking" in client.get(url).content.decode()
        response = client.post(url)

        assert response.status_code == 302
        assert Booking.objects.get(pk=second.pk).status == BookingStatus.CANCELLED
        assert Booking.objects.get(pk=first.pk).status == BookingStatus.CONFIRMED
        assert messages_for([second.contact]).filter(
            about_id=second.pk, kind=MessageKind.BOOKING_CANCELLED
        ).exists() == bool(second.contact.email)

    def test_a_booking_that_is_not_the_extra_one_is_left_to_the_ordinary_cancel_page(self, client, site, twice):
        session, first, second, other = twice
        client.force_login(site.staff)

        for booking in [first, other]:
            response = client.post(reverse("events_booking:cancel_extra", args=[booking.pk]))
            assert response.url == reverse("events_booking:cancel", args=[booking.pk])
            assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED

    def test_a_leader_of_another_group_cannot_reach_it(self, client, site, twice):
        session, first, second, other = twice
        client.force_login(user_in("peebles_leader", group_leader_role_ensure(site.peebles)))

        response = client.post(reverse("events_booking:cancel_extra", args=[second.pk]))

        assert response.status_code == 404
        assert Booking.objects.get(pk=second.pk).status == BookingStatus.CONFIRMED


class TestTheReport:
    def test_counts_the_family_once(self, site, twice):
        session, first, second, other = twice
        start = timezone.now() - dt.timedelta(hours=3)
        Session.objects.filter(pk=session.pk).update(start=start, end=start + dt.timedelta(hours=2))
        for booking in Booking.objects.select_related("session").filter(pk__in=[first.pk, second.pk, other.pk]):
            register_mark(booking=booking, status=BookingStatus.ATTENDED)
        day = timezone.localdate(start)

        [row] = funder_figures(user=site.staff, first=day, last=day).groups

        assert (row.families, row.adults, row.children) == (2, 2, 2)


def test_the_public_form_answers_a_second_booking_exactly_as_a_first(client, site):
    session = session_make(site.mums, days=3)
    url = reverse("events:session_detail", args=[session.pk])

    def booked_page(email):
        response = client.post(url, form_data(client, session, email=email))
        booking = Booking.objects.latest("pk")
        contact = booking.contact
        assert response.status_code == 302
        assert response["Location"] == reverse("events:booking_manage", args=[contact.manage_token]) + "?booked=1"
        page = client.get(response["Location"]).content.decode()
        for private, placeholder in [
            (contact.manage_token, "TOKEN"),
            (contact.feed_token, "FEED"),
            (email, "EMAIL"),
            (f"/{booking.pk}/", "/ID/"),
        ]:
            page = page.replace(private, placeholder)
        return page

    first = booked_page("amina@example.org")
    again = booked_page("AMINA@example.org")
    stranger_first_time = booked_page("someone@example.org")

    assert again == first == stranger_first_time
    assert Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count() == 3
