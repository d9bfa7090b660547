"""Booking places: counted right, never overbooked, never booked twice, and refused with a clear reason."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import Booking, Contact, Schedule, Session
from events.models.bookings import BookingStatus
from events.models.messages import MessageKind
from events.models.schedules import SessionStatus
from events.selectors.sessions import session_places_left
from events.services.bookings import booking_cancel, booking_update
from events.services.places import BookingRefused
from events.services.sessions import session_cancel
from messaging.models import OutboundMessage
from messaging.sending import message_send
from tests.events.booking_support import book, group_make, session_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return group_make(has_creche=True)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def refused(code, **details):
    """pytest.raises for a BookingRefused with this code, that leaves nothing stored."""

    class Refusal:
        def __enter__(self):
            self.counts = (Contact.objects.count(), Booking.objects.count(), OutboundMessage.objects.count())
            self.raises = pytest.raises(BookingRefused)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert self.info.value.code == code, self.info.value
            assert (Contact.objects.count(), Booking.objects.count(), OutboundMessage.objects.count()) == self.counts
            return handled

    return Refusal()


class TestBooking:
    def test_a_booking_keeps_the_least_we_need_and_sends_a_confirmation_with_the_session_attached(self, group, commit):
        session = session_make(group, creche=4)

        with commit():
            outcome = book(
                session,
                first_name=" Amina ",
                email="amina@example.org",
                adults=1,
                children=2,
                creche_children=1,
                children_ages="2",
                access_needs="Step-free entrance please",
            )

        [booking] = outcome.bookings
        assert outcome.created
        assert (booking.adults, booking.children, booking.creche_children) == (1, 2, 1)
        assert booking.access_needs == "Step-free entrance please"
        contact = outcome.contact
        assert contact.first_name == "Amina"
        assert contact.consent_at is not None
        assert booking.household_ref == contact.household_ref
        [message] = mail.outbox
        assert message.to == ["amina@example.org"]
        assert "You are booked" in message.subject
        assert f"/booking/{contact.manage_token}/" in message.body
        assert group.title in message.body
        [(filename, ics, _)] = message.attachments
        assert filename == "session.ics"
        assert "BEGIN:VEVENT" in ics and f"session-{session.pk}@" in ics

    def test_a_family_with_only_a_phone_number_can_book(self, group, commit):
        with commit():
            outcome = book(session_make(group), email="", phone="07700 900 123")

        assert outcome.contact.phone == "+447700900123"
        assert mail.outbox == []

    def test_adult_places_and_creche_places_are_counted_separately(self, group):
        session = session_make(group, places=3, creche=1)
        book(session, adults=2, children=1, creche_children=1, children_ages="3")

        with refused("full") as refusal:
            book(session, adults=1, children=1, creche_children=1, children_ages="1")
        assert "creche is full" in refusal.value.message
        # The creche is full, but a family keeping their child with them still fits.
        book(session, adults=1, children=1)
        with refused("full") as refusal:
            book(session, adults=1)
        assert "session is full" in refusal.value.message
        assert session_places_left(session=session) == {
            "adult_places_left": 0,
            "creche_places_left": 0,
            "waiting_count": 0,
        }

    def test_a_booking_for_more_adults_than_are_left_says_how_many_are_left(self, group):
        session = session_make(group, places=3)
        book(session, adults=2)

        with refused("full") as refusal:
            book(session, adults=2)

        assert "there is only 1 place left for adults" in refusal.value.message

    def test_the_same_form_sent_twice_makes_one_booking(self, group, commit):
        session = session_make(group)
        key = uuid.uuid4()

        with commit():
            first = book(session, request_key=key)
            second = book(session, request_key=key)

        assert first.created and not second.created
        assert second.contact == first.contact
        assert [b.pk for b in second.bookings] == [b.pk for b in first.bookings]
        assert Booking.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_the_database_refuses_a_second_contact_with_the_same_request_key(self, group):
        from django.db import IntegrityError, transaction

        key = uuid.uuid4()
        book(session_make(group), request_key=key)

        with pytest.raises(IntegrityError), transaction.atomic():
            Contact.objects.create(first_name="Copy", email="x@example.org", consent_at=timezone.now(), request_key=key)

    def test_bookings_by_the_same_family_share_one_household_for_the_funder_report(self, group):
        first = book(session_make(group, days=7), email="Amina@Example.org")
        second = book(session_make(group, days=14), email="amina@example.org")
        other = book(session_make(group, days=14), email="sara@example.org")

        assert first.contact != second.contact
        assert first.contact.household_ref == second.contact.household_ref
        assert other.contact.household_ref != first.contact.household_ref


class TestRefusals:
    def test_a_cancelled_session_is_refused_with_its_reason(self, group):
        session = session_make(group)
        session_cancel(session=session, reason="Hall closed for repairs")

        with refused("cancelled") as refusal:
            book(session)
        assert "Hall closed for repairs" in refusal.value.message

    def test_a_session_that_has_started_is_refused(self, group):
        with refused("past"):
            book(session_make(group, days=0, at=dt.time(0, 0)))

    def test_a_drop_in_session_needs_no_booking(self, group):
        with refused("drop_in") as refusal:
            book(session_make(group, mode="drop_in"))
        assert "just come along" in refusal.value.message

    def test_a_session_of_an_unpublished_group_is_refused(self, group):
        session = session_make(group)
        group.unpublish()

        with refused("unpublished"):
            book(session)

    def test_a_session_of_a_group_under_an_unpublished_area_is_refused(self, group):
        session = session_make(group)
        group.get_parent().specific.unpublish()

        with refused("unpublished"):
            book(session)

    def test_a_session_of_a_private_group_page_is_refused(self, group):
        session = session_make(group)
        PageViewRestriction.objects.create(page=group, restriction_type="password", password="secret")

        with refused("unpublished"):
            book(session)

    @pytest.mark.parametrize(
        ("details", "code"),
        [
            ({"consent": False}, "consent"),
            ({"first_name": "  "}, "first_name"),
            ({"email": "", "phone": ""}, "contact"),
            ({"adults": 0}, "adults"),
            ({"children": 1, "creche_children": 2}, "creche_children"),
        ],
    )
    def test_incomplete_details_are_refused(self, group, details, code):
        with refused(code):
            book(session_make(group, creche=5), **details)


class TestWholeRun:
    def run_of(self, group, weeks=3):
        schedule = Schedule.objects.create(page=group, starts_on=timezone.localdate(), start_time=dt.time(10))
        sessions = []
        for week in range(1, weeks + 1):
            session = session_make(group, days=7 * week, places=2)
            Session.objects.filter(pk=session.pk).update(schedule=schedule, occurrence_start=session.start)
            sessions.append(Session.objects.get(pk=session.pk))
        return sessions

    def test_booking_every_session_books_those_with_room_and_says_which_were_full(self, group, commit):
        first, middle, last = self.run_of(group)
        book(middle, adults=2, email="early@example.org")
        mail.outbox.clear()

        with commit():
            outcome = book(first, whole_run=True, email="amina@example.org")

        assert [b.session for b in outcome.bookings] == [first, last]
        assert outcome.full_sessions == [middle]
        [message] = mail.outbox
        assert message.body.count(group.title) >= 2
        assert message.attachments[0][1].count("BEGIN:VEVENT") == 2

    def test_a_cancelled_date_in_the_run_is_not_booked(self, group):
        first, middle, last = self.run_of(group)
        session_cancel(session=middle, reason="Holiday")

        outcome = book(first, whole_run=True)

        assert [b.session for b in outcome.bookings] == [first, last]
        assert outcome.full_sessions == []

    def test_when_every_session_of_the_run_is_full_nothing_is_booked(self, group):
        sessions = self.run_of(group)
        for session in sessions:
            book(session, adults=2)

        with refused("full"):
            book(sessions[0], whole_run=True)


class TestChangeAndCancel:
    def test_more_places_only_if_there_is_room(self, group):
        session = session_make(group, places=3)
        booking = book(session, adults=1).bookings[0]
        book(session, adults=1)

        booking_update(booking=booking, adults=2, children=0, creche_children=0)
        with pytest.raises(BookingRefused) as refusal:
            booking_update(booking=booking, adults=3, children=0, creche_children=0)

        assert refusal.value.code == "full"
        assert "at most 2 adults" in refusal.value.message
        booking.refresh_from_db()
        assert booking.adults == 2

    def test_cancelling_frees_the_place(self, group, commit):
        session = session_make(group, places=1)
        booking = book(session, email="amina@example.org").bookings[0]
        mail.outbox.clear()

        with commit():
            booking_cancel(booking=booking)
            booking_cancel(booking=booking)

        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
        assert session_places_left(session=session)["adult_places_left"] == 1
        assert [m.subject for m in mail.outbox] == [f"Your booking is cancelled: {group.title}"]
        book(session, email="sara@example.org")

    def test_a_family_cannot_cancel_once_the_session_has_started(self, group):
        session = session_make(group)
        booking = book(session).bookings[0]
        Session.objects.filter(pk=session.pk).update(start=timezone.now() - dt.timedelta(minutes=5))

        with pytest.raises(BookingRefused, match="already started"):
            booking_cancel(booking=booking)

    def test_changes_to_a_cancelled_session_are_refused(self, group):
        session = session_make(group)
        booking = book(session).bookings[0]
        session_cancel(session=session, reason="Closed")

        with pytest.raises(BookingRefused, match="cancelled"):
            booking_update(booking=booking, adults=2, children=0, creche_children=0)

    def test_the_outbox_records_each_email_once(self, group):
        session = session_make(group)
        booking = book(session).bookings[0]
        booking_cancel(booking=booking)

        kinds = list(OutboundMessage.objects.order_by("pk").values_list("kind", flat=True))
        assert kinds == [MessageKind.BOOKING_CONFIRMED, MessageKind.BOOKING_CANCELLED]
        assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED


def test_sending_a_booking_confirmation_costs_six_queries(django_assert_num_queries):
    session = session_make(group_make(), days=3, places=5)
    book(session, email="first@example.org")
    # Warms what each worker reads once (content types).
    message_send(message_id=OutboundMessage.objects.get(kind=MessageKind.BOOKING_CONFIRMED).pk)
    book(session, email="amina@example.org")
    confirmation = OutboundMessage.objects.filter(kind=MessageKind.BOOKING_CONFIRMED).latest("pk")
    mail.outbox.clear()

    # The claim, the message, the family, their live bookings (the one it is about among
    # them), the site's settings, and the message marked sent.
    with django_assert_num_queries(6):
        assert message_send(message_id=confirmation.pk) == "sent"

    assert mail.outbox[0].to == ["amina@example.org"]
