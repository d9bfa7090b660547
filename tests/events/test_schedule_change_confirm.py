"""A schedule change that would cancel or move sessions families booked is saved only once the editor confirms it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from events.models import GroupPage, Schedule, Session
from events.models.schedules import DATE_DROPPED_REASON, SessionStatus
from events.recurrence import LOCAL_TZ, Repeats
from events.selectors.schedule_changes import schedule_change_impact
from events.services.waiting_list import waiting_join
from tests.events.booking_support import book
from tests.events.test_schedules import (
    TUESDAY,
    add_group_in_editor,
    edit_form_data,
    next_weekday,
    schedule_fields,
)
from tests.factories import area_add, site_tree, venue_add

MOBILE = "07700 900123"
CONFIRM = "schedule_changes_confirmed"


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


@pytest.fixture
def group(editor, db):
    """A weekly Tuesday group, published; the first four sessions as `group.sessions_made`."""
    area = area_add(site_tree(), "Scottish Borders")
    venue_add("Eddleston Village Hall", area=area)
    first = next_weekday(TUESDAY)
    response = add_group_in_editor(
        editor, area, [schedule_fields(weekday=str(TUESDAY), starts_on=first.isoformat(), adult_places="2")]
    )
    assert response.status_code == 302
    page = GroupPage.objects.get(title="Eddleston Stay and Play", alias_of__isnull=True)
    page.sessions_made = list(Session.objects.filter(page=page).order_by("start")[:4])
    return page


@pytest.fixture
def booked_on_a_dropped_week(group):
    """The second Tuesday, which "every 2 weeks" from the first Tuesday drops: two families booked, one waiting."""
    session = group.sessions_made[1]
    book(session, first_name="Morag", email="morag@example.org")
    book(session, first_name="Isla", email="", phone=MOBILE, texts=True)
    waiting_join(session=session, first_name="Kirsty", email="kirsty@example.org", consent=True)
    # The third Tuesday stays in the plan: its family is not in the list.
    book(group.sessions_made[2], first_name="Fiona", email="fiona@example.org")
    mail.outbox.clear()
    return session


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def fortnightly(editor, page, *, publish=True, confirm=False, **changes):
    data, _ = edit_form_data(editor, page)
    data["schedules-0-repeats"] = Repeats.FORTNIGHTLY
    for name, value in changes.items():
        data[name] = value
    if publish:
        data["action-publish"] = "Publish"
    if confirm:
        data[CONFIRM] = "on"
    return data


def day_shown(session) -> str:
    return f"{session.start.astimezone(LOCAL_TZ):%A %-d %B %Y}, 10:00"


def test_switching_to_every_2_weeks_is_refused_until_the_editor_confirms_the_list(
    editor, group, booked_on_a_dropped_week, text_outbox
):
    revisions = Revision.objects.count()

    response = editor.post(edit_url(group), fortnightly(editor, group))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be saved" in html
    assert day_shown(booked_on_a_dropped_week) in html
    assert "2 families booked, 1 waiting" in html
    assert "This date is no longer in the group&#x27;s plan." in html
    assert "2 emails, 1 text" in html
    assert day_shown(group.sessions_made[2]) not in html
    assert f'name="{CONFIRM}"' in html
    assert "Yes, cancel these sessions and tell the families" in html
    # Nothing happened: the schedule, its sessions and the page's history are as they were.
    assert Schedule.objects.get(page=group).recurrences.rrules[0].interval == 1
    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.status == SessionStatus.SCHEDULED
    assert Revision.objects.count() == revisions
    assert mail.outbox == [] and text_outbox == []


def test_the_confirmation_box_is_not_there_when_the_page_opens(editor, group, booked_on_a_dropped_week):
    _, response = edit_form_data(editor, group)

    assert f'name="{CONFIRM}"' not in response.content.decode()


def test_once_confirmed_publishing_cancels_the_dropped_session_and_tells_its_families(
    editor, group, booked_on_a_dropped_week, text_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(edit_url(group), fortnightly(editor, group, confirm=True))

    assert response.status_code == 302
    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.status == SessionStatus.CANCELLED
    assert booked_on_a_dropped_week.status_reason == DATE_DROPPED_REASON
    assert sorted(message.to[0] for message in mail.outbox) == ["kirsty@example.org", "morag@example.org"]
    assert all("cancelled" in message.subject.lower() for message in mail.outbox)
    assert [text.to for text in text_outbox] == ["+447700900123"]
    kept = group.sessions_made[2]
    kept.refresh_from_db()
    assert kept.status == SessionStatus.SCHEDULED


def test_a_change_that_touches_no_booked_session_needs_no_confirmation(editor, group):
    response = editor.post(edit_url(group), fortnightly(editor, group))

    assert response.status_code == 302
    assert Schedule.objects.get(page=group).recurrences.rrules[0].interval == 2
    assert not Session.objects.filter(pk=group.sessions_made[1].pk).exists()


def test_saving_a_draft_asks_too_and_once_confirmed_changes_nothing_until_published(
    editor, group, booked_on_a_dropped_week, django_capture_on_commit_callbacks
):
    refused = editor.post(edit_url(group), fortnightly(editor, group, publish=False))
    assert refused.status_code == 200
    assert day_shown(booked_on_a_dropped_week) in refused.content.decode()

    saved = editor.post(edit_url(group), fortnightly(editor, group, publish=False, confirm=True))

    assert saved.status_code == 302
    group.refresh_from_db()
    assert group.has_unpublished_changes
    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.status == SessionStatus.SCHEDULED
    assert mail.outbox == []

    # Published later from the saved draft, as when a moderator approves it.
    with django_capture_on_commit_callbacks(execute=True):
        group.get_latest_revision().publish()

    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.status == SessionStatus.CANCELLED
    assert sorted(message.to[0] for message in mail.outbox) == ["kirsty@example.org", "morag@example.org"]


def test_a_publish_scheduled_for_later_carries_out_the_change_with_notice(
    editor, group, booked_on_a_dropped_week, django_capture_on_commit_callbacks, monkeypatch
):
    later = timezone.localtime() + dt.timedelta(hours=1)
    data = fortnightly(editor, group, confirm=True, go_live_at=f"{later:%Y-%m-%d %H:%M}")
    response = editor.post(edit_url(group), data)
    assert response.status_code == 302
    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.status == SessionStatus.SCHEDULED
    scheduled = Revision.objects.filter(object_id=str(group.pk), approved_go_live_at__isnull=False)
    assert scheduled.count() == 1

    # The hour passes.
    an_hour_on = timezone.now() + dt.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: an_hour_on)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.status == SessionStatus.CANCELLED
    assert sorted(message.to[0] for message in mail.outbox) == ["kirsty@example.org", "morag@example.org"]


def test_a_new_start_time_cancels_booked_sessions_and_says_a_new_one_is_made(editor, group, booked_on_a_dropped_week):
    data, _ = edit_form_data(editor, group)
    data["schedules-0-start_time"] = "11:00"
    data["action-publish"] = "Publish"

    response = editor.post(edit_url(group), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert day_shown(booked_on_a_dropped_week) in html
    assert "a new session is made at 11:00, which families must book again" in html


def test_a_new_venue_is_confirmed_and_families_are_told_the_session_moved(
    editor, group, booked_on_a_dropped_week, django_capture_on_commit_callbacks
):
    hall = venue_add("Peebles Burgh Hall")
    data, _ = edit_form_data(editor, group)
    data["schedules-0-venue"] = str(hall.pk)
    data["action-publish"] = "Publish"

    refused = editor.post(edit_url(group), data)
    assert refused.status_code == 200
    assert "at Peebles Burgh Hall" in refused.content.decode()

    data[CONFIRM] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(edit_url(group), data)

    assert response.status_code == 302
    booked_on_a_dropped_week.refresh_from_db()
    assert booked_on_a_dropped_week.venue == hall
    assert "morag@example.org" in [message.to[0] for message in mail.outbox]
    assert all("Peebles Burgh Hall" in message.body for message in mail.outbox)


def test_the_impact_is_read_in_one_query_for_the_sessions_and_their_families(
    group, booked_on_a_dropped_week, django_assert_num_queries
):
    schedule = Schedule.objects.get(page=group)
    schedule.recurrences.rrules[0].interval = 2

    # The other query asks which language is the English one, whose page's schedules make sessions.
    with django_assert_num_queries(2):
        changes = schedule_change_impact(page=group, schedules=[schedule])

    assert [(change.session_id, change.cancelled, change.booked, change.waiting) for change in changes] == [
        (booked_on_a_dropped_week.pk, True, 2, 1)
    ]
    assert (changes[0].by_email, changes[0].by_text) == (2, 1)


def test_a_deleted_schedule_counts_its_booked_sessions_as_cancelled(group, booked_on_a_dropped_week):
    changes = schedule_change_impact(page=group, schedules=[])

    assert {change.session_id for change in changes} == {booked_on_a_dropped_week.pk, group.sessions_made[2].pk}
    assert all(change.cancelled for change in changes)


@pytest.mark.parametrize(
    ("repeats", "week_of_month", "days_on", "pattern"),
    [(Repeats.WEEKLY, "", 1, "is not a Tuesday"), (Repeats.MONTHLY, "2", 0, "is not the second Tuesday")],
)
def test_a_first_date_off_the_pattern_is_refused_with_the_date_it_would_first_meet(
    editor, group, repeats, week_of_month, days_on, pattern
):
    first = next_weekday(TUESDAY, after=timezone.localdate() + dt.timedelta(days=30))
    if repeats == Repeats.MONTHLY:
        first = first.replace(day=1)
        first += dt.timedelta(days=(TUESDAY - first.weekday()) % 7)  # the first Tuesday of that month
    given = first + dt.timedelta(days=days_on)
    data, _ = edit_form_data(editor, group)
    data.update(
        {
            "schedules-0-repeats": repeats,
            "schedules-0-week_of_month": week_of_month,
            "schedules-0-starts_on": given.isoformat(),
            "action-publish": "Publish",
        }
    )

    response = editor.post(edit_url(group), data)

    html = response.content.decode()
    assert response.status_code == 200
    first_meeting = first + dt.timedelta(weeks=1)
    assert f"{given:%A %-d %B %Y} {pattern}" in html
    assert f"The group would first meet on {first_meeting:%A %-d %B %Y}: choose that date, or change the day." in html
