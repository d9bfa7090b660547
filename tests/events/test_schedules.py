"""Staff set up schedules in the real Wagtail page editor, in plain words, and publishing makes the sessions."""

import datetime as dt

import pytest
import recurrence as django_recurrence
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from events.models import GroupPage, Schedule, Session
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ, Repeats
from tests.events.booking_support import book
from tests.factories import area_add, site_tree, venue_add

TUESDAY, FRIDAY = 1, 4


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    day = (after or timezone.localdate()) + dt.timedelta(days=1)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def borders(db):
    tree = site_tree()
    area = area_add(tree, "Scottish Borders")
    venue_add("Eddleston Village Hall", area=area)
    return area


def schedule_fields(**fields) -> dict:
    values = {
        "label": "",
        "repeats": Repeats.WEEKLY,
        "weekday": "",
        "week_of_month": "",
        "starts_on": "",
        "ends_on": "",
        "excluded_dates": "",
        "extra_dates": "",
        "start_time": "10:00",
        "duration_minutes": "120",
        "venue": "",
        "booking_mode": "book",
        "adult_places": "12",
        "creche_places": "0",
        "run_booking_limit": "6",
    }
    values.update(fields)
    return values


def with_schedules(data, schedules: list[dict], *, initial=0):
    """Put schedule forms into the page form data as Wagtail's InlinePanel posts them."""
    data = data.copy()
    data["schedules-TOTAL_FORMS"] = str(len(schedules))
    data["schedules-INITIAL_FORMS"] = str(initial)
    for index, fields in enumerate(schedules):
        for name, value in fields.items():
            data[f"schedules-{index}-{name}"] = value
        data.setdefault(f"schedules-{index}-ORDER", str(index + 1))
    return data


def add_group_in_editor(client, area, schedules, *, publish=True, title="Eddleston Stay and Play"):
    add_url = reverse("wagtailadmin_pages:add", args=["events", "grouppage", area.pk])
    page = client.get(add_url)
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    data["title"] = title
    data["slug"] = title.lower().replace(" ", "-")
    data["summary"] = "Play, tea and a chat for parents and carers."
    data["what_happens"] = rich_text("<p>Toys out, kettle on.</p>")
    # The page body is drawn by the editor's scripts; an empty one is posted as a count.
    data.setdefault("body-count", "0")
    if publish:
        data["action-publish"] = "Publish"
    return client.post(add_url, with_schedules(data, schedules))


def edit_form_data(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data, response


def last_friday_from(day: dt.date) -> dt.date:
    """The last Friday of `day`'s month, or of the next month once that has passed."""
    while True:
        following = day.replace(day=28) + dt.timedelta(days=4)
        month_end = following - dt.timedelta(days=following.day)
        last_friday = month_end - dt.timedelta(days=(month_end.weekday() - FRIDAY) % 7)
        if last_friday >= day:
            return last_friday
        day = month_end + dt.timedelta(days=1)


def local_dates(sessions):
    return [session.start.astimezone(LOCAL_TZ).date() for session in sessions]


class TestTheScheduleEditor:
    def test_the_editor_shows_plain_choices_instead_of_the_recurrence_widget(self, editor, borders):
        response = editor.get(reverse("wagtailadmin_pages:add", args=["events", "grouppage", borders.pk]))

        html = response.content.decode()
        assert 'name="schedules-__prefix__-repeats"' in html
        assert "Every 2 weeks" in html
        assert 'name="schedules-__prefix__-excluded_dates"' in html
        assert 'name="schedules-__prefix__-recurrences"' not in html
        assert "recurrence-widget" not in html

    def test_publishing_a_new_group_with_a_fortnightly_schedule_makes_its_sessions(self, editor, borders):
        first = next_weekday(TUESDAY)
        skipped = first + dt.timedelta(weeks=4)
        last = first + dt.timedelta(weeks=8)

        response = add_group_in_editor(
            editor,
            borders,
            [
                schedule_fields(
                    repeats=Repeats.FORTNIGHTLY,
                    weekday=str(TUESDAY),
                    starts_on=first.isoformat(),
                    ends_on=last.isoformat(),
                    excluded_dates=f"{skipped:%d/%m/%Y}",
                    start_time="09:30",
                    adult_places="8",
                )
            ],
        )

        assert response.status_code == 302, response.content.decode()[:2000]
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)
        assert group.live
        sessions = list(Session.objects.filter(page=group).order_by("start"))
        assert local_dates(sessions) == [first, first + dt.timedelta(weeks=2), first + dt.timedelta(weeks=6), last]
        assert {s.start.astimezone(LOCAL_TZ).time() for s in sessions} == {dt.time(9, 30)}
        assert {s.adult_places for s in sessions} == {8}
        # Its placeholders in the other four languages carry the schedule, and make no sessions.
        twins = GroupPage.objects.filter(translation_key=group.translation_key).exclude(pk=group.pk)
        assert twins.count() == 4
        assert not Session.objects.filter(page__in=twins).exists()
        assert Session.objects.count() == len(sessions)

    def test_a_saved_draft_makes_no_sessions_until_it_is_published(self, editor, borders):
        first = next_weekday(FRIDAY)

        response = add_group_in_editor(
            editor, borders, [schedule_fields(weekday=str(FRIDAY), starts_on=first.isoformat())], publish=False
        )

        assert response.status_code == 302
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)
        assert not group.live
        assert not Session.objects.filter(page=group).exists()

    def test_monthly_on_the_last_friday(self, editor, borders):
        response = add_group_in_editor(
            editor,
            borders,
            [
                schedule_fields(
                    repeats=Repeats.MONTHLY,
                    weekday=str(FRIDAY),
                    week_of_month="-1",
                    starts_on=last_friday_from(timezone.localdate()).isoformat(),
                )
            ],
        )

        assert response.status_code == 302
        dates = local_dates(Session.objects.filter(page__title="Eddleston Stay and Play").order_by("start"))
        assert len(dates) >= 5
        for day in dates:
            assert day.weekday() == FRIDAY
            assert (day + dt.timedelta(weeks=1)).month != day.month

    def test_reopening_the_page_shows_the_choices_that_were_saved(self, editor, borders):
        first = next_weekday(TUESDAY)
        skipped = first + dt.timedelta(weeks=2)
        add_group_in_editor(
            editor,
            borders,
            [
                schedule_fields(
                    repeats=Repeats.FORTNIGHTLY,
                    weekday=str(TUESDAY),
                    starts_on=first.isoformat(),
                    excluded_dates=f"{skipped:%d/%m/%Y}",
                )
            ],
        )
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)

        data, _ = edit_form_data(editor, group)

        assert data["schedules-0-repeats"] == Repeats.FORTNIGHTLY
        assert data["schedules-0-weekday"] == str(TUESDAY)
        assert data["schedules-0-excluded_dates"].strip() == f"{skipped:%d/%m/%Y}"

    @pytest.mark.parametrize(
        ("fields", "field_name", "message"),
        [
            ({"repeats": Repeats.MONTHLY, "weekday": str(TUESDAY)}, "week_of_month", "Choose which one in the month"),
            ({"ends_on": "2020-01-01"}, "ends_on", "The last date must be on or after the first date"),
            ({"excluded_dates": "next tuesday"}, "excluded_dates", "These are not dates we can read: next tuesday"),
        ],
    )
    def test_mistakes_are_explained_and_nothing_is_saved(self, editor, borders, fields, field_name, message):
        first = next_weekday(TUESDAY)

        response = add_group_in_editor(
            editor, borders, [schedule_fields(**{"weekday": str(TUESDAY), "starts_on": first.isoformat(), **fields})]
        )

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not GroupPage.objects.filter(title="Eddleston Stay and Play").exists()
        assert not Session.objects.exists()

    def test_skipping_a_day_the_group_does_not_meet_is_pointed_out(self, editor, borders):
        first = next_weekday(TUESDAY)
        wednesday = first + dt.timedelta(days=8)

        response = add_group_in_editor(
            editor,
            borders,
            [
                schedule_fields(
                    weekday=str(TUESDAY), starts_on=first.isoformat(), excluded_dates=f"{wednesday:%d/%m/%Y}"
                )
            ],
        )

        assert response.status_code == 200
        assert "does not meet on these dates" in response.content.decode()
        assert f"{wednesday:%-d %B %Y}" in response.content.decode()

    def test_a_rule_set_up_elsewhere_is_kept_when_the_page_is_edited(self, editor, borders):
        group = GroupPage(title="Walkerburn Tots", summary="Tots.", what_happens="<p>Play.</p>")
        borders.add_child(instance=group)
        mondays_and_thursdays = django_recurrence.Recurrence(
            rrules=[
                django_recurrence.Rule(django_recurrence.WEEKLY, byday=[django_recurrence.MO, django_recurrence.TH])
            ]
        )
        Schedule.objects.create(
            page=group, recurrences=mondays_and_thursdays, starts_on=timezone.localdate(), start_time=dt.time(10)
        )

        data, response = edit_form_data(editor, group)
        assert "Keep the current pattern" in response.content.decode()
        data["action-publish"] = "Publish"
        response = editor.post(reverse("wagtailadmin_pages:edit", args=[group.pk]), data)

        assert response.status_code == 302
        schedule = Schedule.objects.get(page=group)
        assert [str(day) for day in schedule.recurrences.rrules[0].byday] == ["MO", "TH"]
        weekdays = {d.weekday() for d in local_dates(Session.objects.filter(page=group))}
        assert weekdays == {0, 3}


class TestEditingASchedule:
    def test_changes_made_by_staff_to_single_sessions_survive_a_schedule_edit(self, editor, borders):
        first = next_weekday(TUESDAY)
        add_group_in_editor(editor, borders, [schedule_fields(weekday=str(TUESDAY), starts_on=first.isoformat())])
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)
        sessions = list(Session.objects.filter(page=group).order_by("start"))
        from events.services.sessions import session_cancel, session_move

        session_cancel(session=sessions[0], reason="Hall closed for repairs")
        moved_to = sessions[1].start + dt.timedelta(days=1)
        session_move(session=sessions[1], start=moved_to, end=moved_to + dt.timedelta(hours=2))

        # Staff change the places, the time and skip a later date.
        data, _ = edit_form_data(editor, group)
        data["schedules-0-adult_places"] = "20"
        data["schedules-0-excluded_dates"] = f"{sessions[2].start.astimezone(LOCAL_TZ):%d/%m/%Y}"
        data["action-publish"] = "Publish"
        response = editor.post(reverse("wagtailadmin_pages:edit", args=[group.pk]), data)
        assert response.status_code == 302

        cancelled, moved = Session.objects.get(pk=sessions[0].pk), Session.objects.get(pk=sessions[1].pk)
        assert (cancelled.status, cancelled.status_reason) == (SessionStatus.CANCELLED, "Hall closed for repairs")
        assert (moved.status, moved.start) == (SessionStatus.MOVED, moved_to)
        assert not Session.objects.filter(pk=sessions[2].pk).exists()
        assert Session.objects.get(pk=sessions[3].pk).adult_places == 20

    def test_deleting_a_schedule_removes_its_empty_sessions_and_cancels_booked_ones_with_notice(
        self, editor, borders, django_capture_on_commit_callbacks
    ):
        first = next_weekday(TUESDAY)
        add_group_in_editor(editor, borders, [schedule_fields(weekday=str(TUESDAY), starts_on=first.isoformat())])
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)
        booked = Session.objects.filter(page=group).order_by("start")[1]
        book(booked, first_name="Morag", email="morag@example.org")
        mail.outbox.clear()

        data, _ = edit_form_data(editor, group)
        data["schedules-0-DELETE"] = "on"
        data["action-publish"] = "Publish"
        # The editor is shown the booked session and confirms it is to be cancelled.
        data["schedule_changes_confirmed"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            response = editor.post(reverse("wagtailadmin_pages:edit", args=[group.pk]), data)

        assert response.status_code == 302
        assert list(Session.objects.filter(page=group)) == [booked]
        booked.refresh_from_db()
        assert booked.status == SessionStatus.CANCELLED
        assert [message.to for message in mail.outbox] == [["morag@example.org"]]
        assert "cancelled" in mail.outbox[0].subject.lower()

    def test_excluded_dates_survive_a_draft_and_a_later_publish_from_the_revision(self, editor, borders):
        first = next_weekday(TUESDAY)
        skipped = first + dt.timedelta(weeks=3)
        add_group_in_editor(
            editor,
            borders,
            [schedule_fields(weekday=str(TUESDAY), starts_on=first.isoformat(), excluded_dates=f"{skipped:%d/%m/%Y}")],
            publish=False,
        )
        group = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)

        with timezone.override("America/New_York"):
            group.get_latest_revision().publish()

        dates = local_dates(Session.objects.filter(page=group).order_by("start"))
        assert first in dates
        assert skipped not in dates
        assert skipped - dt.timedelta(weeks=1) in dates
        assert skipped + dt.timedelta(weeks=1) in dates
