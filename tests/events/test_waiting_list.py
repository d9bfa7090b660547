"""Waiting lists: join a full session, leave it, and get a freed place automatically, with an email."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Booking, Session, WaitingEntry
from events.models.bookings import BookingStatus, WaitingStatus
from events.services.bookings import booking_cancel, booking_update
from events.services.places import BookingRefused
from events.services.waiting_list import waiting_join, waiting_leave, waiting_promote
from tests.events.booking_support import book, family, group_make, session_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return group_make(has_creche=True)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def wait(session, **overrides):
    return waiting_join(session=session, **family(**overrides))


@pytest.fixture
def full_session(group):
    session = session_make(group, places=2, creche=1)
    booking = book(session, first_name="Amina", email="amina@example.org", adults=2).bookings[0]
    return session, booking


class TestJoining:
    def test_a_family_joins_the_list_of_a_full_session_and_is_told_by_email(self, full_session, commit):
        session, _ = full_session

        with commit():
            outcome = wait(session, first_name="Kirsty", email="kirsty@example.org")

        assert outcome.entry.status == WaitingStatus.WAITING
        [message] = mail.outbox
        assert message.to == ["kirsty@example.org"]
        assert "waiting list" in message.subject
        assert f"/booking/{outcome.contact.manage_token}/" in message.body

    def test_joining_is_refused_while_there_is_room_to_book(self, group):
        with pytest.raises(BookingRefused) as refusal:
            wait(session_make(group))

        assert refusal.value.code == "has_room"
        assert not WaitingEntry.objects.exists()

    def test_the_list_needs_an_email_address_to_say_a_place_came_free(self, full_session):
        session, _ = full_session

        with pytest.raises(BookingRefused) as refusal:
            wait(session, email="", phone="07700 900123")

        assert refusal.value.code == "email"

    def test_the_same_form_sent_twice_joins_once(self, full_session):
        session, _ = full_session
        key = uuid.uuid4()

        first, second = wait(session, request_key=key), wait(session, request_key=key)

        assert second.entry == first.entry and not second.created
        assert WaitingEntry.objects.count() == 1


class TestPromotion:
    def test_a_cancelled_place_goes_to_the_first_family_waiting_with_an_email(self, full_session, commit):
        session, amina = full_session
        kirsty = wait(session, first_name="Kirsty", email="kirsty@example.org", adults=2).entry
        morag = wait(session, first_name="Morag", email="morag@example.org", adults=2).entry

        with commit():
            booking_cancel(booking=amina)

        kirsty.refresh_from_db(), morag.refresh_from_db()
        assert kirsty.status == WaitingStatus.PROMOTED
        assert kirsty.booking.status == BookingStatus.CONFIRMED
        assert kirsty.booking.adults == 2
        assert morag.status == WaitingStatus.WAITING
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        assert subjects["kirsty@example.org"].startswith("Good news, you have a place")
        assert "morag@example.org" not in subjects
        promoted = next(m for m in mail.outbox if m.to == ["kirsty@example.org"])
        assert promoted.attachments and "BEGIN:VEVENT" in promoted.attachments[0][1]

    def test_a_family_too_large_for_the_freed_place_keeps_its_turn_and_a_smaller_one_gets_it(self, group):
        session = session_make(group, places=3)
        first = book(session, adults=1).bookings[0]
        book(session, adults=2)
        big = wait(session, first_name="Big", email="big@example.org", adults=2).entry
        small = wait(session, first_name="Small", email="small@example.org", adults=1).entry

        booking_cancel(booking=first)

        big.refresh_from_db(), small.refresh_from_db()
        assert (big.status, small.status) == (WaitingStatus.WAITING, WaitingStatus.PROMOTED)

    def test_creche_places_limit_who_can_be_given_a_place(self, group):
        session = session_make(group, places=3, creche=1)
        book(session, adults=1, children=1, creche_children=1, children_ages="2")
        leaving = book(session, adults=2).bookings[0]
        needs_creche = wait(session, email="a@example.org", children=1, creche_children=1, children_ages="1").entry
        no_creche = wait(session, email="b@example.org", children=1).entry

        booking_cancel(booking=leaving)

        needs_creche.refresh_from_db(), no_creche.refresh_from_db()
        assert needs_creche.status == WaitingStatus.WAITING
        assert no_creche.status == WaitingStatus.PROMOTED

    def test_fewer_places_on_a_booking_also_promote(self, full_session):
        session, amina = full_session
        kirsty = wait(session, email="kirsty@example.org").entry

        booking_update(booking=amina, adults=1, children=0, creche_children=0)

        kirsty.refresh_from_db()
        assert kirsty.status == WaitingStatus.PROMOTED

    def test_a_family_that_left_the_list_is_not_given_the_place(self, full_session):
        session, amina = full_session
        leaving = wait(session, email="leaving@example.org").entry
        staying = wait(session, email="staying@example.org").entry

        waiting_leave(entry=leaving)
        booking_cancel(booking=amina)

        leaving.refresh_from_db(), staying.refresh_from_db()
        assert (leaving.status, staying.status) == (WaitingStatus.LEFT, WaitingStatus.PROMOTED)
        assert not Booking.objects.filter(contact=leaving.contact).exists()

    def test_nobody_is_promoted_into_a_session_that_has_started(self, full_session):
        session, amina = full_session
        entry = wait(session).entry
        Session.objects.filter(pk=session.pk).update(start=timezone.now() - dt.timedelta(minutes=1))
        session.refresh_from_db()

        assert waiting_promote(session=session) == []
        entry.refresh_from_db()
        assert entry.status == WaitingStatus.WAITING

    def test_promotion_never_overbooks(self, full_session):
        session, amina = full_session
        for number in range(4):
            wait(session, email=f"family{number}@example.org", adults=1)

        booking_cancel(booking=amina)
        waiting_promote(session=session)

        live = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
        assert sum(b.adults for b in live) == 2
        assert WaitingEntry.objects.filter(session=session, status=WaitingStatus.WAITING).count() == 2
