"""Booking a run: from the chosen date on, up to the schedule's limit, and seen and cancelled as one."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, GroupPage, Schedule, Session
from events.models.bookings import BookingStatus
from events.models.messages import MessageKind
from events.selectors.sessions import session_run
from events.services.bookings import booking_run_cancel
from events.services.sessions import session_cancel
from events.services.waiting_list import waiting_join
from messaging.models import OutboundMessage
from tests.events.booking_support import book, family, group_make, session_make
from tests.events.test_schedules import add_group_in_editor, borders, editor, next_weekday, schedule_fields

pytestmark = pytest.mark.django_db

__all__ = ["borders", "editor"]


@pytest.fixture
def group():
    return group_make("Croydon Mums' Space", area_title="Croydon", has_creche=True)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run_of(group, weeks, *, limit=6, ends_on=None, places=12):
    schedule = Schedule.objects.create(
        page=group, starts_on=timezone.localdate(), ends_on=ends_on, start_time=dt.time(10), run_booking_limit=limit
    )
    sessions = []
    for week in range(1, weeks + 1):
        session = session_make(group, days=7 * week, places=places)
        Session.objects.filter(pk=session.pk).update(schedule=schedule, occurrence_start=session.start)
        sessions.append(Session.objects.select_related("schedule").get(pk=session.pk))
    return sessions


def local_day(session) -> str:
    return f"{session.start.astimezone(timezone.get_current_timezone()):%A %-d %B}"


def html(response) -> str:
    return response.content.decode()


class TestWhichSessions:
    def test_the_run_starts_at_the_chosen_date_not_at_the_first_of_the_schedule(self, group):
        sessions = run_of(group, 4)

        assert session_run(session=sessions[2]) == sessions[2:]

    def test_the_run_stops_at_the_schedules_limit(self, group):
        sessions = run_of(group, 5, limit=3)

        assert session_run(session=sessions[1]) == sessions[1:4]

    def test_the_limit_belongs_to_each_schedule(self, group):
        short, long = run_of(group, 4, limit=2), run_of(group, 4, limit=4)

        assert len(session_run(session=short[0])) == 2
        assert len(session_run(session=long[0])) == 4

    def test_the_run_never_goes_past_the_last_date_of_the_schedule(self, group):
        last_date = timezone.localdate() + dt.timedelta(days=14)
        sessions = run_of(group, 4, ends_on=last_date)

        assert session_run(session=sessions[0]) == sessions[:2]

    def test_cancelled_dates_are_skipped_and_do_not_count_towards_the_limit(self, group):
        sessions = run_of(group, 4, limit=3)
        session_cancel(session=sessions[1], reason="Hall closed")

        assert session_run(session=sessions[0]) == [sessions[0], sessions[2], sessions[3]]

    def test_a_session_added_by_hand_is_a_run_of_one(self, group):
        session = session_make(group)

        assert session_run(session=session) == [session]

    def test_booking_the_run_books_from_the_chosen_date_up_to_the_limit(self, group):
        sessions = run_of(group, 5, limit=3)

        outcome = book(sessions[1], whole_run=True)

        assert [b.session for b in outcome.bookings] == sessions[1:4]

    def test_when_one_date_is_full_the_rest_are_booked_and_the_full_one_named(self, group):
        sessions = run_of(group, 3, limit=3, places=1)
        book(sessions[1], first_name="Early", email="early@example.org")

        outcome = book(sessions[0], whole_run=True)

        assert [b.session for b in outcome.bookings] == [sessions[0], sessions[2]]
        assert outcome.full_sessions == [sessions[1]]


class TestTheForm:
    def test_the_form_says_how_many_and_until_when(self, client, group):
        sessions = run_of(group, 5, limit=3)

        page = html(client.get(reverse("events:session_detail", args=[sessions[1].pk])))

        assert f"Book this and the next 2 sessions, until {local_day(sessions[3])}" in page
        assert f"3 sessions in all, the last on {local_day(sessions[3])}." in page

    def test_a_limit_of_one_offers_no_run(self, client, group):
        sessions = run_of(group, 3, limit=1)

        page = html(client.get(reverse("events:session_detail", args=[sessions[0].pk])))

        assert "Book this and the next" not in page

    def test_staff_set_the_limit_in_the_page_editor(self, editor, borders):
        first = next_weekday(1)
        response = add_group_in_editor(
            editor, borders, [schedule_fields(weekday="1", starts_on=first.isoformat(), run_booking_limit="3")]
        )

        assert response.status_code == 302
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)
        assert group.schedules.get().run_booking_limit == 3
        page = html(editor.get(reverse("wagtailadmin_pages:edit", args=[group.pk])))
        assert "How many sessions a family can book at once" in page


class TestCrecheAges:
    def test_the_label_says_when_the_ages_are_needed(self, client, group):
        session = session_make(group, creche=4)

        page = html(client.get(reverse("events:session_detail", args=[session.pk])))

        label = re.search(r'<label for="id_children_ages">(.*?)</label>', page, re.S).group(1)
        assert "(needed if any children go to the creche)" in label
        assert "(optional)" not in label

    def test_a_creche_place_without_ages_is_refused_beside_the_ages(self, client, group):
        session = session_make(group, creche=4)
        page = html(client.get(reverse("events:session_detail", args=[session.pk])))
        key = re.search(r'name="request_key" value="([^"]+)"', page).group(1)

        response = client.post(
            reverse("events:session_detail", args=[session.pk]),
            {
                "first_name": "Amina",
                "email": "amina@example.org",
                "adults": "1",
                "children": "1",
                "creche_children": "1",
                "children_ages": "",
                "consent": "on",
                "request_key": key,
                "action": "book",
                "website": "",
            },
        )

        assert response.status_code == 200
        assert "Please tell us the ages, so the creche can get ready." in html(response)
        assert not Booking.objects.exists()


@pytest.fixture
def booked_run(group):
    sessions = run_of(group, 3, limit=3)
    outcome = book(sessions[0], whole_run=True, notify=False)
    return sessions, outcome.contact, outcome.bookings


class TestManagePage:
    def test_a_run_is_one_entry_with_its_dates(self, client, booked_run):
        sessions, contact, _ = booked_run

        page = html(client.get(reverse("events:booking_manage", args=[contact.manage_token])))

        assert page.count('class="session session--run"') == 1
        assert page.count('class="session ') == 1
        assert "3 sessions from" in page
        for session in sessions:
            assert f"Cancel {local_day(session)}" in page
        assert "Cancel all" in page

    def test_cancel_all_cancels_every_date_and_tells_the_family_once(self, client, booked_run, commit):
        sessions, contact, _ = booked_run
        url = reverse("events:booking_run_cancel", args=[contact.manage_token, sessions[0].schedule_id])

        asked = html(client.get(url))
        assert "Cancel all 3 bookings?" in asked
        assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 3
        with commit():
            response = client.post(url)

        assert response.status_code == 302
        assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
        [message] = mail.outbox
        assert "Your 3 bookings are cancelled" in message.body
        for session in sessions:
            assert f"{session.start.astimezone(timezone.get_current_timezone()):%A %-d %B %Y}" in message.body
        assert OutboundMessage.objects.filter(kind=MessageKind.RUN_CANCELLED).count() == 1
        manage = html(client.get(response.url))
        assert "Your 3 bookings are cancelled." in manage
        assert "You have no bookings coming up." in manage

    def test_cancel_one_date_keeps_the_rest_of_the_run(self, client, booked_run, commit):
        sessions, contact, bookings = booked_run

        with commit():
            response = client.post(reverse("events:booking_cancel", args=[contact.manage_token, bookings[1].pk]))

        assert response.status_code == 302
        assert [b.status for b in Booking.objects.order_by("session__start")] == [
            BookingStatus.CONFIRMED,
            BookingStatus.CANCELLED,
            BookingStatus.CONFIRMED,
        ]
        assert len(mail.outbox) == 1
        page = html(client.get(response.url))
        assert "2 sessions from" in page
        assert f"Cancel {local_day(sessions[1])}" not in page

    def test_cancelling_all_again_sends_nothing_more(self, booked_run, commit):
        sessions, contact, _ = booked_run

        with commit():
            booking_run_cancel(contact=contact, schedule_id=sessions[0].schedule_id)
            again = booking_run_cancel(contact=contact, schedule_id=sessions[0].schedule_id)

        assert again == []
        assert len(mail.outbox) == 1

    def test_freed_places_go_to_the_families_waiting(self, group, commit):
        sessions = run_of(group, 2, limit=2, places=1)
        contact = book(sessions[0], whole_run=True, notify=False).contact
        waiting = waiting_join(session=sessions[1], **family(first_name="Bea", email="bea@example.org"))

        booking_run_cancel(contact=contact, schedule_id=sessions[0].schedule_id, notify=False)

        assert Booking.objects.filter(contact=waiting.contact, status=BookingStatus.CONFIRMED).count() == 1

    def test_another_familys_link_cannot_cancel_the_run(self, client, group, booked_run):
        sessions, contact, _ = booked_run
        other = book(session_make(group, days=3), first_name="Morag", email="morag@example.org").contact

        for token in (other.manage_token, "not-a-token"):
            response = client.post(reverse("events:booking_run_cancel", args=[token, sessions[0].schedule_id]))
            assert response.status_code == 404

        assert not Booking.objects.filter(status=BookingStatus.CANCELLED).exists()

    def test_a_family_that_chose_texts_gets_one_text_for_the_whole_run(self, group, commit, text_outbox):
        sessions = run_of(group, 3, limit=3)
        contact = book(sessions[0], whole_run=True, email="", phone="07700 900123", texts=True, notify=False).contact

        with commit():
            booking_run_cancel(contact=contact, schedule_id=sessions[0].schedule_id)

        [text] = text_outbox
        assert "your 3 bookings of Croydon Mums' Space" in text.body
        assert "are cancelled" in text.body
