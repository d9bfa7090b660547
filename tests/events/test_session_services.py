"""Sessions as rows: kept in step with schedules, and changed one at a time by staff, with families told."""

import datetime as dt

import pytest
import recurrence as django_recurrence
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Booking, Schedule, Session
from events.models.bookings import BookingStatus
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ
from events.services.register import register_mark, session_headcount_record, walk_in_add
from events.services.sessions import page_sessions_sync, session_add, session_cancel, session_move, sessions_sync
from events.services.waiting_list import waiting_join
from tests.events.booking_support import book, family, group_make, session_make
from tests.factories import venue_add

pytestmark = pytest.mark.django_db


def weekly_schedule(page, *, starts_on, weekday=django_recurrence.TU, **fields):
    fields.setdefault("start_time", dt.time(10))
    return Schedule.objects.create(
        page=page,
        recurrences=django_recurrence.Recurrence(
            rrules=[django_recurrence.Rule(django_recurrence.WEEKLY, byday=[weekday])]
        ),
        starts_on=starts_on,
        **fields,
    )


@pytest.fixture
def group():
    return group_make()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what the services queued for after commit (the email sends) at the end of the block."""
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


TODAY = dt.date(2027, 1, 4)  # a Monday, well in the future


class TestSync:
    def test_sync_makes_sessions_up_to_the_horizon_and_a_second_run_changes_nothing(self, group):
        schedule = weekly_schedule(group, starts_on=TODAY)

        first = sessions_sync(schedule=schedule, today=TODAY, horizon_days=28)
        second = sessions_sync(schedule=schedule, today=TODAY, horizon_days=28)

        assert first == {"added": 4, "updated": 0, "removed": 0, "cancelled": 0}
        assert second == {"added": 0, "updated": 0, "removed": 0, "cancelled": 0}
        starts = [s.start for s in Session.objects.filter(schedule=schedule).order_by("start")]
        assert starts[0] == dt.datetime(2027, 1, 5, 10, tzinfo=LOCAL_TZ)
        assert starts[-1] == dt.datetime(2027, 1, 26, 10, tzinfo=LOCAL_TZ)

    def test_the_daily_sync_rolls_the_horizon_forward(self, group):
        schedule = weekly_schedule(group, starts_on=TODAY)
        sessions_sync(schedule=schedule, today=TODAY, horizon_days=28)

        result = sessions_sync(schedule=schedule, today=TODAY + dt.timedelta(days=7), horizon_days=28)

        assert result["added"] == 1
        assert Session.objects.filter(schedule=schedule).count() == 5

    def test_sessions_take_the_groups_venue_unless_the_schedule_names_one(self, group):
        hall = venue_add("Innerleithen Memorial Hall")
        own = weekly_schedule(group, starts_on=TODAY)
        elsewhere = weekly_schedule(group, starts_on=TODAY, weekday=django_recurrence.TH, venue=hall)

        page_sessions_sync(page=group, today=TODAY)

        assert {s.venue_id for s in own.sessions.all()} == {group.venue_id}
        assert {s.venue_id for s in elsewhere.sessions.all()} == {hall.pk}

    def test_a_changed_rule_removes_empty_dates_and_cancels_booked_ones_with_notice(self, group, commit):
        schedule = weekly_schedule(group, starts_on=TODAY)
        sessions_sync(schedule=schedule, today=TODAY, horizon_days=21)
        booked, empty = list(Session.objects.filter(schedule=schedule).order_by("start"))[:2]
        book(booked, email="morag@example.org")

        schedule.recurrences = django_recurrence.Recurrence(
            rrules=[django_recurrence.Rule(django_recurrence.WEEKLY, byday=[django_recurrence.WE])]
        )
        schedule.save()
        with commit():
            result = sessions_sync(schedule=schedule, today=TODAY, horizon_days=21)

        assert result["cancelled"] == 1
        assert not Session.objects.filter(pk=empty.pk).exists()
        booked.refresh_from_db()
        assert booked.status == SessionStatus.CANCELLED
        assert booked.status_reason
        assert [m.to for m in mail.outbox] == [["morag@example.org"]]
        assert {s.start.astimezone(LOCAL_TZ).weekday() for s in schedule.sessions.exclude(pk=booked.pk)} == {2}

    def test_new_places_and_length_reach_sessions_nobody_changed(self, group):
        schedule = weekly_schedule(group, starts_on=TODAY, adult_places=10)
        sessions_sync(schedule=schedule, today=TODAY, horizon_days=14)
        session = schedule.sessions.first()

        schedule.adult_places, schedule.duration_minutes = 15, 90
        schedule.save()
        sessions_sync(schedule=schedule, today=TODAY, horizon_days=14)

        session.refresh_from_db()
        assert session.adult_places == 15
        assert session.end - session.start == dt.timedelta(minutes=90)
        assert session.sequence == 1

    def test_cancelled_moved_and_hand_added_sessions_survive_a_schedule_edit(self, group):
        schedule = weekly_schedule(group, starts_on=TODAY)
        sessions_sync(schedule=schedule, today=TODAY, horizon_days=21)
        first, second, third = schedule.sessions.order_by("start")
        session_cancel(session=first, reason="Snow")
        new_start = second.start + dt.timedelta(hours=3)
        session_move(session=second, start=new_start, end=new_start + dt.timedelta(hours=2))
        extra_start = dt.datetime(2027, 1, 9, 10, tzinfo=LOCAL_TZ)
        extra = session_add(page=group, start=extra_start, end=extra_start + dt.timedelta(hours=2))

        # The group moves to Thursdays: every Tuesday leaves the rule.
        schedule.recurrences = django_recurrence.Recurrence(
            rrules=[django_recurrence.Rule(django_recurrence.WEEKLY, byday=[django_recurrence.TH])]
        )
        schedule.adult_places = 30
        schedule.save()
        page_sessions_sync(page=group, today=TODAY)

        first.refresh_from_db(), second.refresh_from_db(), extra.refresh_from_db()
        assert (first.status, first.status_reason) == (SessionStatus.CANCELLED, "Snow")
        assert (second.status, second.start) == (SessionStatus.MOVED, new_start)
        assert second.adult_places == 12
        assert extra.schedule is None and extra.status == SessionStatus.SCHEDULED
        assert not Session.objects.filter(pk=third.pk).exists()

    def test_past_sessions_are_never_touched(self, group):
        past = session_make(group, days=-7)
        schedule = weekly_schedule(group, starts_on=TODAY)
        Session.objects.filter(pk=past.pk).update(schedule=schedule, occurrence_start=past.start)

        sessions_sync(schedule=schedule, today=TODAY, horizon_days=14)

        assert Session.objects.filter(pk=past.pk).exists()


class TestCancel:
    def test_cancelling_tells_booked_and_waiting_families_once(self, group, commit):
        session = session_make(group, places=1)
        book(session, first_name="Amina", email="amina@example.org")
        waiting_join(session=session, **family(first_name="Kirsty", email="kirsty@example.org"))

        with commit():
            session_cancel(session=session, reason="The hall has no heating")
            session_cancel(session=session, reason="Said twice")

        session.refresh_from_db()
        assert session.status == SessionStatus.CANCELLED
        assert session.status_reason == "The hall has no heating"
        assert session.sequence == 1
        assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "kirsty@example.org"]
        assert all("The hall has no heating" in m.body for m in mail.outbox)
        # Bookings are kept, so staff can see who was affected.
        assert Booking.objects.get(session=session).status == BookingStatus.CONFIRMED

    def test_a_family_that_gave_only_a_phone_number_gets_no_email_and_nothing_breaks(self, group, commit):
        session = session_make(group)
        book(session, email="", phone="07700 900123")

        with commit():
            session_cancel(session=session, reason="Flooded road")

        assert mail.outbox == []
        assert Session.objects.get(pk=session.pk).status == SessionStatus.CANCELLED

    def test_a_reason_is_required_and_past_sessions_cannot_be_cancelled(self, group):
        with pytest.raises(ValidationError, match="Say why"):
            session_cancel(session=session_make(group), reason="  ")
        with pytest.raises(ValidationError, match="already started"):
            session_cancel(session=session_make(group, days=-1), reason="Too late")


class TestMove:
    def test_moving_keeps_the_bookings_and_sends_the_new_time_as_a_calendar_update(self, group, commit):
        session = session_make(group)
        book(session, email="amina@example.org")
        hall = venue_add("Peebles Burgh Hall")
        new_start = session.start + dt.timedelta(days=1, hours=1)

        with commit():
            session_move(session=session, start=new_start, end=new_start + dt.timedelta(hours=2), venue=hall)

        session.refresh_from_db()
        assert (session.status, session.start, session.venue) == (SessionStatus.MOVED, new_start, hall)
        assert session.sequence == 1
        assert session.bookings.count() == 1
        [message] = mail.outbox
        assert "Peebles Burgh Hall" in message.body
        assert f"{new_start.astimezone(LOCAL_TZ):%A %-d %B %Y}" in message.body
        [(filename, ics, content_type)] = message.attachments
        assert filename.endswith(".ics") and content_type.startswith("text/calendar")
        assert "SEQUENCE:1" in ics

    def test_moving_twice_tells_families_twice(self, group, commit):
        session = session_make(group)
        book(session)
        with commit():
            for hours in (1, 2):
                start = session.start + dt.timedelta(hours=hours)
                session_move(session=session, start=start, end=start + dt.timedelta(hours=2))

        assert len(mail.outbox) == 2

    @pytest.mark.parametrize("problem", ["backwards", "past", "cancelled"])
    def test_impossible_moves_are_refused(self, group, problem):
        session = session_make(group)
        start, end = session.start + dt.timedelta(days=1), session.start + dt.timedelta(days=1, hours=2)
        if problem == "backwards":
            start, end = end, start
        elif problem == "past":
            start, end = timezone.now() - dt.timedelta(hours=3), timezone.now() - dt.timedelta(hours=1)
        else:
            session_cancel(session=session, reason="Closed")

        with pytest.raises(ValidationError):
            session_move(session=session, start=start, end=end)
        session.refresh_from_db()
        assert session.status != SessionStatus.MOVED


class TestAdd:
    def test_a_hand_added_session_uses_the_groups_venue_and_belongs_to_no_schedule(self, group):
        start = timezone.now().astimezone(LOCAL_TZ).replace(microsecond=0) + dt.timedelta(days=3)

        session = session_add(page=group, start=start, end=start + dt.timedelta(hours=2), adult_places=6)

        assert session.schedule is None and session.occurrence_start is None
        assert session.venue_id == group.venue_id
        assert session.adult_places == 6

    def test_only_groups_and_workshops_have_sessions(self, group):
        start = timezone.now() + dt.timedelta(days=3)
        with pytest.raises(ValidationError, match="group or a workshop"):
            session_add(page=group.get_parent(), start=start, end=start + dt.timedelta(hours=1))


class TestRegister:
    def test_ticks_walk_ins_and_headcounts_on_the_day(self, group):
        session = session_make(group, days=1)
        amina = book(session, first_name="Amina").bookings[0]
        sara = book(session, first_name="Sara", email="sara@example.org").bookings[0]
        # The day arrives.
        Session.objects.filter(pk=session.pk).update(
            start=timezone.now() - dt.timedelta(minutes=30), end=timezone.now() + dt.timedelta(minutes=90)
        )
        session.refresh_from_db()
        amina, sara = Booking.objects.select_related("session").filter(pk__in=[amina.pk, sara.pk]).order_by("pk")

        register_mark(booking=amina, status=BookingStatus.ATTENDED)
        register_mark(booking=sara, status=BookingStatus.NO_SHOW)
        walk_in = walk_in_add(session=session, adults=1, children=2)
        session_headcount_record(session=session, adults=9, children=11)

        assert Booking.objects.get(pk=amina.pk).status == BookingStatus.ATTENDED
        assert Booking.objects.get(pk=sara.pk).status == BookingStatus.NO_SHOW
        assert (walk_in.walk_in, walk_in.contact, walk_in.status) == (True, None, BookingStatus.ATTENDED)
        session.refresh_from_db()
        assert (session.headcount_adults, session.headcount_children) == (9, 11)

    def test_the_register_does_not_open_before_the_day(self, group):
        session = session_make(group, days=2)
        booking = book(session).bookings[0]

        with pytest.raises(ValidationError, match="opens on the day"):
            register_mark(booking=booking, status=BookingStatus.ATTENDED)
        with pytest.raises(ValidationError, match="opens on the day"):
            walk_in_add(session=session, adults=1)
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
        assert not Booking.objects.filter(walk_in=True).exists()
