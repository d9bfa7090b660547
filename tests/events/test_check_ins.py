"""Anonymous check-ins: invited after the first session and weeks later, answered once, traced to no one."""

import datetime as dt
import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, CheckInAnswer, CheckInInvitation
from events.models.bookings import BookingStatus
from events.models.messages import CheckInMessageKind
from events.recurrence import local_datetime
from events.services.check_ins import check_in_invitations_queue
from events.services.privacy import contact_erase, contact_export
from events.services.register import register_mark
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_send
from messaging.texting.segments import segments_count
from tests.events.booking_support import (
    book,
    group_make,
    session_make,
    two_area_site,
    two_area_site_with_leaders,
    user_in,
)
from web.log_redaction import redact_secret_links

pytestmark = pytest.mark.django_db

MOBILE = "+447700900123"


def check_in_messages():
    return OutboundMessage.objects.filter(kind__in=CheckInMessageKind.values)


@pytest.fixture
def group():
    return group_make()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def daytime(monkeypatch):
    """No quiet hours, so that a text goes at once whatever the time the tests run at."""
    monkeypatch.setattr("messaging.channels.text.QUIET_FROM", dt.time.max)
    monkeypatch.setattr("messaging.channels.text.QUIET_UNTIL", dt.time.min)


def came(group, *, days_ago=1, **family):
    """A family booked on a session at 10:00 `days_ago` days back and marked on the register as having come.

    At 10:00 local time, not this time of day: late in a winter evening, this time 42 days
    back falls in summer time and on the next day by the clock.
    """
    session = session_make(group, days=2)
    booking = book(session, **family).bookings[0]
    start = local_datetime(timezone.localdate() - dt.timedelta(days=days_ago), dt.time(10))
    type(session).objects.filter(pk=session.pk).update(start=start, end=start + dt.timedelta(hours=2))
    booking.refresh_from_db()
    return register_mark(booking=booking, status=BookingStatus.ATTENDED)


def invite(commit, **kwargs) -> int:
    with commit():
        return check_in_invitations_queue(**kwargs)


def link_in(body: str) -> str:
    """The path of the check-in link in a message, with its language prefix if it has one."""
    return re.search(r"(?:/[a-z]{2})?/check-in/[\w-]+/", body).group()


def test_the_day_after_the_first_session_a_family_is_invited_once_by_email(group, commit):
    came(group)
    assert invite(commit) == 1
    assert invite(commit) == 0
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["amina@example.org"]
    assert "Peebles Toddler Group" in email.subject
    assert "anonymous" in email.body
    assert "/check-in/" in email.body


def test_a_family_who_did_not_come_is_not_invited(group, commit):
    booking = came(group)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.NO_SHOW)
    assert invite(commit) == 0
    assert mail.outbox == []


def test_the_later_check_in_goes_some_weeks_after_the_first_session_once(group, commit, settings):
    settings.CHECK_IN_LATER_WEEKS = 6
    came(group, days_ago=6 * 7)
    assert invite(commit) == 1
    assert invite(commit) == 0
    assert check_in_messages().get().kind == CheckInMessageKind.LATER
    assert "Is Peebles Toddler Group helping?" in mail.outbox[0].subject


def test_a_family_texted_in_their_own_language(client, group, commit, text_outbox, daytime):
    booking = came(group, email="", phone=MOBILE, texts=True)
    booking.contact.__class__.objects.filter(pk=booking.contact_id).update(language="ur")
    assert invite(commit) == 1
    assert mail.outbox == []
    body = text_outbox[0].body
    assert segments_count(body).segments <= 2
    link = link_in(body)
    assert link.startswith("/ur/check-in/")
    page = client.get(link)
    assert page.status_code == 200
    assert 'lang="ur"' in page.content.decode()


def test_an_erased_family_gets_nothing(group, commit):
    booking = came(group)
    booking.contact.delete()
    assert invite(commit) == 0


def answer_page(client, commit, group):
    came(group)
    invite(commit)
    return link_in(mail.outbox[0].body)


ANSWERS = {"lonely": "sometimes", "welcome": "very", "service_used": "not_yet", "website": ""}


def test_an_answer_is_stored_with_only_the_group_month_and_kind_and_the_link_works_once(client, commit, group):
    link = answer_page(client, commit, group)
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "How often do you feel lonely?" in html
    for wording in ("Often or always", "Some of the time", "Occasionally", "Hardly ever", "Never"):
        assert wording in html
    assert "<legend>" in html and 'type="radio"' in html and "noindex" in html
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]

    thanks = client.post(link, ANSWERS)
    assert thanks.status_code == 200 and "Thank you" in thanks.content.decode()
    answer = CheckInAnswer.objects.get()
    assert (answer.group_id, answer.kind, answer.month) == (group.pk, "first", timezone.localdate().replace(day=1))
    assert (answer.lonely, answer.welcome, answer.service_used) == ("sometimes", "very", "not_yet")
    assert CheckInInvitation.objects.count() == 0

    again = client.post(link, ANSWERS)
    assert again.status_code == 410
    assert "This link has already been used. Thank you for answering." in again.content.decode()
    assert CheckInAnswer.objects.count() == 1


def test_every_question_may_be_left_unanswered(client, commit, group):
    link = answer_page(client, commit, group)
    client.post(link, {"website": ""})
    answer = CheckInAnswer.objects.get()
    assert (answer.lonely, answer.welcome, answer.service_used) == ("", "", "")


def test_an_expired_link_is_refused_plainly(client, commit, group):
    link = answer_page(client, commit, group)
    CheckInInvitation.objects.update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    response = client.post(link, ANSWERS)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert CheckInAnswer.objects.count() == 0


@pytest.mark.parametrize(
    "hostile",
    [
        {"lonely": "<script>alert(1)</script>"},
        {"welcome": "very' OR 1=1 --"},
        {"service_used": "yes" * 1000},
        {"lonely": "\x00"},
        {"website": "http://spam.example"},
    ],
)
def test_hostile_answers_are_refused_and_nothing_is_stored(client, commit, group, hostile):
    link = answer_page(client, commit, group)
    response = client.post(link, {**ANSWERS, **hostile})
    assert response.status_code == 200
    assert "Please check the form" in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert CheckInAnswer.objects.count() == 0
    assert CheckInInvitation.objects.count() == 1


def test_nothing_ties_an_answer_to_the_family_booking_or_link(client, commit, group, caplog):
    booking = came(group)
    invite(commit)
    link = link_in(mail.outbox[0].body)
    token = link.rstrip("/").rsplit("/", 1)[1]
    caplog.set_level(logging.DEBUG)
    client.post(link, ANSWERS)

    contact = booking.contact
    ties = {str(contact.pk), contact.first_name, contact.email, str(booking.pk), token, str(booking.household_ref)}
    for model in (CheckInAnswer, CheckInInvitation):
        for row in model.objects.values():
            for column, value in row.items():
                if column != "id":
                    assert str(value) not in ties, (model.__name__, column)
    assert set(CheckInAnswer.objects.values().get()) == {
        "id",
        "group_id",
        "month",
        "kind",
        "lonely",
        "welcome",
        "service_used",
    }
    for message in check_in_messages().values():
        assert message["about_id"] is None and message["about_type_id"] is None
        assert token not in str(message)
    assert token not in caplog.text
    # A request line for the link, as the access log would write it, keeps only a few characters of the secret.
    assert token not in redact_secret_links(f'"POST {link} HTTP/1.1" 200')


def test_a_sent_invitation_is_cut_loose_from_its_message_by_the_next_run(commit, group):
    came(group)
    invite(commit)
    assert check_in_messages().get().status == MessageStatus.SENT
    invite(commit)
    message = check_in_messages().get()
    assert (message.about_type_id, message.about_id) == (None, None)
    assert CheckInInvitation.objects.get().token_to_send == ""


def test_answering_cuts_every_message_of_the_invitation_loose(client, commit, group, text_outbox, settings):
    came(group, phone=MOBILE, texts=True)
    with commit():
        check_in_invitations_queue()
        # The text waits for the daytime; the email goes at once.
    link = link_in(mail.outbox[0].body)
    client.post(link, ANSWERS)
    assert check_in_messages().filter(about_id__isnull=False).count() == 0


def test_expired_invitations_are_removed_by_the_daily_job(commit, group):
    came(group)
    invite(commit)
    CheckInInvitation.objects.update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    invite(commit)
    assert CheckInInvitation.objects.count() == 0


def test_the_command_says_how_many_it_queued(group, commit, capsys):
    came(group)
    with commit():
        call_command("send_check_in_invitations")
    assert "Queued 1 check-in invitations." in capsys.readouterr().out


def answers_add(group, count, *, kind="first", lonely="often", month=None):
    month = month or timezone.localdate().replace(day=1)
    CheckInAnswer.objects.bulk_create(
        CheckInAnswer(group=group, month=month, kind=kind, lonely=lonely, welcome="very") for _ in range(count)
    )


def report(client, user):
    client.force_login(user)
    response = client.get(reverse("events_check_ins:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_shows_nothing_of_a_group_with_fewer_than_five_answers(client):
    site = two_area_site()
    answers_add(site.mums, 4)
    html = report(client, site.staff)
    assert "Not enough answers yet to show (fewer than 5)." in html
    assert "Often or always" not in html


def test_the_report_shows_the_answers_and_the_change_in_loneliness_from_five(client):
    site = two_area_site()
    answers_add(site.mums, 5, lonely="often")
    answers_add(site.mums, 3, lonely="never")
    answers_add(site.mums, 4, kind="later", lonely="never")
    answers_add(site.mums, 1, kind="later", lonely="sometimes")
    html = report(client, site.staff)
    assert "<caption>Mums&#x27; Space: How often do you feel lonely?</caption>" in html
    assert '<th scope="row">Often or always</th><td>5</td><td>38%</td>' in html
    # 5 of the 8 first answers felt lonely often or some of the time; 1 of the 5 later ones.
    assert "<td>62%</td>" in html and "<td>20%</td>" in html


def test_a_leader_sees_only_the_answers_about_their_own_group(client):
    site = two_area_site_with_leaders()
    answers_add(site.mums, 6)
    answers_add(site.peebles, 7)
    html = report(client, site.peebles_leader)
    assert "Peebles Toddlers" in html and "7 answers." in html
    assert "Mums&#x27; Space" not in html and "Croydon" not in html
    staff = report(client, site.staff)
    assert "Mums&#x27; Space" in staff and "Peebles Toddlers" in staff


def test_someone_who_sees_no_sessions_cannot_see_the_report(client):
    client.force_login(user_in("visitor"))
    assert client.get(reverse("events_check_ins:index")).status_code in {302, 403}


def test_the_familys_data_export_names_the_invitation_and_holds_no_link(commit, group):
    booking = came(group)
    invite(commit)
    token = link_in(mail.outbox[-1].body).rstrip("/").rsplit("/", 1)[1]
    exported = contact_export(contact=booking.contact)
    assert "Check-in after the first session" in [email["about"] for email in exported["emails"]]
    assert token not in str(exported)


def test_erasing_a_family_leaves_their_invitation_tied_to_no_one_and_its_secret_wiped(commit, group):
    booking = came(group)
    invite(commit)
    contact_erase(contact=booking.contact)
    assert not check_in_messages().exists()
    invite(commit)
    assert CheckInInvitation.objects.get().token_to_send == ""


def test_a_text_still_waiting_when_the_family_answered_by_email_is_not_sent(
    client, commit, group, text_outbox, daytime
):
    came(group, phone=MOBILE, texts=True)
    with commit():
        check_in_invitations_queue()
    check_in_messages().filter(channel="text").update(status=MessageStatus.PENDING, sent_at=None)
    text_outbox.clear()
    client.post(link_in(mail.outbox[-1].body), ANSWERS)
    text = check_in_messages().get(channel="text")
    assert message_send(message_id=text.pk) == MessageStatus.SKIPPED
    assert text_outbox == []
