"""A group leader tells every family booked on a session at once, and the register shows who was told and how.

Each family hears by the channels they chose (email if they gave one, a text if they
agreed to texts), with the leader's words exactly as written, in whatever language.
"""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page

from events.models import SessionNotice
from events.models.messages import MessageKind
from events.recurrence import LOCAL_TZ
from events.services.bookings import booking_cancel
from events.services.notices import session_notice_send
from events.services.sessions import session_cancel
from events.texts import SHORTEST
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_send
from messaging.texting.segments import segments_count
from tests.events.booking_support import book, session_make, two_area_site_with_leaders, user_in

pytestmark = pytest.mark.django_db

COLD = "The hall is cold today, bring a jumper."
URDU = "آج ہال ٹھنڈا ہے، سویٹر لے آئیں۔"
BILAL_MOBILE, CHLOE_MOBILE, DARA_PHONE = "07700 900123", "07700 900456", "01896 820000"
BILAL_E164, CHLOE_E164 = "+447700900123", "+447700900456"


@pytest.fixture
def site():
    return two_area_site_with_leaders()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the outbox does after commit (send), then start with empty outboxes."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def families(site, text_outbox):
    """Tomorrow's Mums' Space session, with a family for each way of being reached.

    Amina gave an email address; Bilal a mobile and agreed to texts; Chloe both;
    Dara only a landline (staff must ring her); Erin booked and then cancelled.
    """
    session = session_make(site.mums, days=1)
    booked = {
        "amina": book(session, first_name="Amina", email="amina@example.org"),
        "bilal": book(session, first_name="Bilal", email="", phone=BILAL_MOBILE, texts=True),
        "chloe": book(session, first_name="Chloe", email="chloe@example.org", phone=CHLOE_MOBILE, texts=True),
        "dara": book(session, first_name="Dara", email="", phone=DARA_PHONE),
        "erin": book(session, first_name="Erin", email="erin@example.org", phone="07700 900789", texts=True),
    }
    booking_cancel(booking=booked["erin"].bookings[0])
    # Their confirmations went by the outbox's own send; only what follows is under test.
    OutboundMessage.objects.update(status=MessageStatus.SENT)
    mail.outbox.clear()
    text_outbox.clear()
    return session, {name: outcome.bookings[0] for name, outcome in booked.items()}


def notice_url(session) -> str:
    return reverse("events_session:notice", args=[session.pk])


def register_url(session) -> str:
    return reverse("events_session:register", args=[session.pk])


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def register_cells(response) -> dict[str, str]:
    """Each family's row of the register, as text, by the family's first name (the first cell's first word)."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="listing")
    rows = {}
    for row in table.find("tbody").find_all("tr"):
        text = " ".join(row.get_text(" ").split())
        rows[text.split()[0]] = text
    return rows


def notice_texts(text_outbox) -> dict[str, str]:
    return {text.to: text.body for text in text_outbox}


class TestSending:
    def test_before_sending_the_leader_sees_how_many_families_it_reaches_and_how(self, client, site, families):
        session, _booked = families
        client.force_login(site.mums_leader)

        response = client.get(notice_url(session))

        page = page_text(response)
        assert response.status_code == 200
        assert "3 families booked on this session will get your message: 2 by email 2 by text" in page
        assert "1 family booked gave neither an email address nor a mobile number for texts: please ring them." in page
        assert "Send to 3 families" in page
        # Counts only: nobody's name or details on this page.
        for detail in ("Bilal", "Chloe", "Dara", "amina@example.org", "+447700900123"):
            assert detail not in page
        label = BeautifulSoup(response.content, "html.parser").find("label", attrs={"for": "id_message"})
        assert label is not None and label.get_text(strip=True).startswith("Message")
        assert "exactly as you write it" in page

    def test_each_booked_family_hears_by_the_channels_they_chose(self, client, site, families, commit, text_outbox):
        session, _booked = families
        client.force_login(site.mums_leader)

        with commit():
            response = client.post(notice_url(session), {"message": COLD})

        assert response.status_code == 302 and response.url == register_url(session)
        assert "Sent to 3 families." in page_text(client.get(response.url))
        assert sorted(message.to[0] for message in mail.outbox) == ["amina@example.org", "chloe@example.org"]
        start = timezone.localtime(session.start)
        email = next(message for message in mail.outbox if message.to == ["amina@example.org"])
        assert email.subject == f"A message about Mums' Space on {date_format(start, 'l j E')}"
        assert "Hello Amina," in email.body and COLD in email.body and "Thornton Heath Community Centre" in email.body
        texts = notice_texts(text_outbox)
        assert sorted(texts) == [BILAL_E164, CHLOE_E164]
        when = f"{date_format(start, 'D j M')}, {start:%H:%M}"
        assert texts[BILAL_E164] == f"Gather, Mums' Space {when}: {COLD}"
        notice = SessionNotice.objects.get()
        assert (notice.session, notice.message, notice.written_by) == (session, COLD, site.mums_leader)

    def test_a_message_in_english_and_urdu_goes_out_exactly_as_written(self, site, families, commit, text_outbox):
        session, _booked = families
        message = f"{COLD}\n{URDU}"

        with commit():
            session_notice_send(session=session, message=message, by=site.mums_leader)

        assert SessionNotice.objects.get().message == message
        for email in mail.outbox:
            assert message in email.body
            html = email.alternatives[0][0]
            assert URDU in html and "<br>" in html
        for body in notice_texts(text_outbox).values():
            assert body.endswith(f": {message}")
            assert segments_count(body).segments <= 2

    def test_a_long_group_name_is_shortened_in_a_text_but_the_message_never(self, site, families, commit, text_outbox):
        session, _booked = families
        title = "Mums' Space: a peer support group for mothers and their babies in Thornton Heath"
        Page.objects.filter(pk=site.mums.pk).update(title=title)
        message = "We are in the small hall today, through the side door by the car park, on the left. " * 3

        with commit():
            session_notice_send(session=session, message=message.strip(), by=site.mums_leader)

        for body in notice_texts(text_outbox).values():
            assert body.endswith(message.strip())
            assert title not in body and "Gather, Mums' Space" in body and "..." in body
            assert segments_count(body).segments <= 2

    def test_families_who_cancelled_are_not_told(self, site, families, commit, text_outbox):
        session, booked = families

        with commit():
            session_notice_send(session=session, message=COLD, by=site.mums_leader)

        assert "erin@example.org" not in [message.to[0] for message in mail.outbox]
        assert "+447700900789" not in notice_texts(text_outbox)
        assert not OutboundMessage.objects.filter(
            kind=MessageKind.SESSION_NOTICE, recipient_id=booked["erin"].contact_id
        )

    def test_a_family_who_cancels_before_their_message_goes_is_not_sent_it(self, site, families):
        session, booked = families
        session_notice_send(session=session, message=COLD, by=site.mums_leader)  # queued, not yet sent
        booking_cancel(booking=booked["amina"], notify=False)

        queued = OutboundMessage.objects.get(kind=MessageKind.SESSION_NOTICE, recipient_id=booked["amina"].contact_id)
        assert message_send(message_id=queued.pk) == MessageStatus.SKIPPED
        assert OutboundMessage.objects.get(pk=queued.pk).last_error == "the booking was cancelled"
        assert mail.outbox == []

    def test_the_text_goes_at_once_even_at_night(self, site, families, commit, text_outbox, monkeypatch):
        session, _booked = families
        night = dt.datetime.combine(timezone.localdate(), dt.time(22, 30), tzinfo=LOCAL_TZ)
        monkeypatch.setattr(timezone, "now", lambda: night.astimezone(dt.UTC))

        with commit():
            session_notice_send(session=session, message=COLD, by=site.mums_leader)

        assert sorted(notice_texts(text_outbox)) == [BILAL_E164, CHLOE_E164]

    def test_a_long_message_is_fine_when_nobody_gets_texts(self, site, commit):
        session = session_make(site.mums, days=1)
        book(session, first_name="Amina", email="amina@example.org")
        mail.outbox.clear()
        message = "The hall is cold today. " * 30

        with commit():
            notice = session_notice_send(session=session, message=message, by=site.mums_leader)

        assert notice.families_told == 1
        assert message.strip() in mail.outbox[0].body


class TestRefusals:
    def too_long_by(self, session, message: str) -> int:
        """How far past two segments the text to the families goes, counted here from the segment sizes."""
        start = timezone.localtime(session.start)
        # The group's name as short as a text ever makes it ("Mums' S..." at ten characters).
        title = (
            "Mums' Space" if len("Mums' Space") <= SHORTEST["title"] else "Mums' Space"[: SHORTEST["title"] - 3] + "..."
        )
        body = f"Gather, {title} {date_format(start, 'D j M')}, {start:%-H:%M}: {message}"
        count = segments_count(body)
        return count.units - 2 * (153 if count.encoding == "GSM-7" else 67)

    def test_a_message_too_long_for_a_text_is_refused_in_plain_words_and_nothing_typed_is_lost(
        self, client, site, families
    ):
        session, _booked = families
        message = ("The hall is cold today, so please bring a jumper for everyone.\n" * 5).strip()
        over = self.too_long_by(session, message)
        assert over > 1
        client.force_login(site.mums_leader)

        response = client.post(notice_url(session), {"message": message})

        assert response.status_code == 200
        assert f"This is too long for a text by {over} characters. Please shorten it." in page_text(response)
        textarea = BeautifulSoup(response.content, "html.parser").find("textarea", attrs={"name": "message"})
        assert textarea.get_text().strip() == message
        assert not SessionNotice.objects.exists()
        assert not OutboundMessage.objects.filter(kind=MessageKind.SESSION_NOTICE).exists()

    def test_urdu_fills_a_text_sooner_and_the_count_says_so(self, site, families):
        session, _booked = families
        message = f"{URDU} " * 4
        over = self.too_long_by(session, message.strip())
        assert over > 1

        with pytest.raises(ValidationError) as refused:
            session_notice_send(session=session, message=message, by=site.mums_leader)

        assert refused.value.messages == [f"This is too long for a text by {over} characters. Please shorten it."]

    def test_an_empty_message_is_refused(self, client, site, families):
        session, _booked = families
        client.force_login(site.mums_leader)

        response = client.post(notice_url(session), {"message": "  \n "})

        assert "Write the message to send." in page_text(response)
        with pytest.raises(ValidationError, match="Write the message to send."):
            session_notice_send(session=session, message="\u200b", by=site.mums_leader)
        assert not SessionNotice.objects.exists()

    def test_a_cancelled_session_or_one_that_is_over_is_refused(self, client, site, families):
        session, _booked = families
        past = session_make(site.mums, days=-1)
        session_cancel(session=session, reason="The centre is closed")
        client.force_login(site.mums_leader)

        for refused, words in [
            (session, "This session is cancelled, so there is nothing to tell its families about it."),
            (past, "This session is over, so its families cannot be sent a message about it."),
        ]:
            with pytest.raises(ValidationError, match=words):
                session_notice_send(session=refused, message=COLD, by=site.mums_leader)
            page = page_text(client.get(notice_url(refused)))
            assert words in page and "Send to" not in page
            assert client.post(notice_url(refused), {"message": COLD}).status_code == 200
            assert "Message the families" not in page_text(client.get(register_url(refused)))
        assert not SessionNotice.objects.exists()


class TestWhoMaySend:
    def test_a_leader_of_another_group_can_neither_see_nor_send(self, client, site, families):
        session, _booked = families
        client.force_login(site.peebles_leader)

        assert client.get(notice_url(session)).status_code == 404
        assert client.post(notice_url(session), {"message": COLD}).status_code == 404
        assert not SessionNotice.objects.exists()

    def test_anonymous_visitors_and_users_with_no_group_are_turned_away(self, client, site, families):
        session, _booked = families
        response = client.post(notice_url(session), {"message": COLD})
        assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))

        nobody = user_in("volunteer")
        nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(nobody)
        assert client.post(notice_url(session), {"message": COLD}).status_code in (302, 403)
        assert not SessionNotice.objects.exists()

    def test_the_leader_reaches_it_from_the_session_and_the_listing(self, client, site, families):
        session, _booked = families
        client.force_login(site.mums_leader)

        register = BeautifulSoup(client.get(register_url(session)).content, "html.parser")
        listing = client.get(reverse("events_session:index")).content.decode()

        assert register.find("a", string="Message the families")["href"] == notice_url(session)
        assert notice_url(session) in listing


class TestTheRegister:
    def test_shows_who_was_told_and_how(self, client, site, families, commit):
        session, booked = families
        with commit():
            session_notice_send(session=session, message=f"{COLD}\n{URDU}", by=site.mums_leader)
        # As the text provider's delivery report records it.
        OutboundMessage.objects.filter(channel="text", recipient_id=booked["bilal"].contact_id).update(
            delivery_status="undelivered", delivery_error="Unknown destination"
        )
        OutboundMessage.objects.filter(channel="text", recipient_id=booked["chloe"].contact_id).update(
            delivery_status="delivered"
        )
        client.force_login(site.mums_leader)

        response = client.get(register_url(session))

        notice = str(SessionNotice.objects.get())
        page = page_text(response)
        assert "Messages to the families" in page and COLD in page and URDU in page
        cells = register_cells(response)
        assert f"{notice}: by email: sent" in cells["Amina"]
        assert f"{notice}: by text: not delivered (Unknown destination)" in cells["Bilal"]
        assert "by email: sent by text: delivered" in cells["Chloe"]
        assert f"{notice}: not told" in cells["Dara"]
        assert "Erin" not in cells

    def test_shows_a_message_still_waiting_and_one_that_failed(self, client, site, families):
        session, booked = families
        session_notice_send(session=session, message=COLD, by=site.mums_leader)  # queued, not yet sent
        OutboundMessage.objects.filter(kind=MessageKind.SESSION_NOTICE, recipient_id=booked["amina"].contact_id).update(
            status=MessageStatus.FAILED
        )
        client.force_login(site.mums_leader)

        cells = register_cells(client.get(register_url(session)))

        assert "by email: failed" in cells["Amina"]
        assert "by text: waiting to be sent" in cells["Bilal"]

    def test_shows_a_text_about_the_booking_that_did_not_arrive_so_staff_can_ring(self, client, site, families):
        session, booked = families
        OutboundMessage.objects.filter(
            channel="text", kind=MessageKind.BOOKING_CONFIRMED, recipient_id=booked["bilal"].contact_id
        ).update(delivery_status="undelivered", delivery_error="Handset switched off")
        client.force_login(site.mums_leader)

        cells = register_cells(client.get(register_url(session)))

        assert (
            "The text “Booking confirmed” was not delivered (Handset switched off). Please ring them." in cells["Bilal"]
        )
        assert "not delivered" not in cells["Chloe"]

    def test_costs_the_same_however_many_families_and_messages(self, client, site, django_assert_num_queries):
        session = session_make(site.mums, days=1, places=20)
        book(session, first_name="Amina", email="amina@example.org", phone=BILAL_MOBILE, texts=True)
        session_notice_send(session=session, message=COLD, by=site.mums_leader)
        client.force_login(site.mums_leader)
        url = register_url(session)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for number in range(6):
            book(session, first_name=f"Family{number}", email=f"family{number}@example.org")
            book(session, first_name=f"Texter{number}", email="", phone=f"07700 90{number:04d}", texts=True)
        session_notice_send(session=session, message="Tea and cake after.", by=site.mums_leader)
        session_notice_send(session=session, message="Parking is free today.", by=site.mums_leader)
        OutboundMessage.objects.filter(channel="text").update(delivery_status="undelivered")

        with django_assert_num_queries(len(few)):
            response = client.get(url)

        assert len(register_cells(response)) == 13
        assert page_text(response).count("by text: not delivered") == 7 * 3 - 6
