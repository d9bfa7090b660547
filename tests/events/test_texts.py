"""Texts to families: a phone-only family hears about everything an emailing family does."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Contact
from events.models.messages import MessageKind
from events.recurrence import LOCAL_TZ
from events.services.bookings import booking_cancel
from events.services.sessions import session_cancel, session_move
from events.services_notify import reminders_queue
from messaging.models import MessageStatus, OutboundMessage
from messaging.services import text_opt_out_set
from messaging.texting.segments import segments_count
from tests.events.booking_support import book, group_make, session_make
from tests.events.test_booking_views import form_data

pytestmark = pytest.mark.django_db

MOBILE = "07700 900123"
MOBILE_E164 = "+447700900123"
LANDLINE = "01896 820000"


@pytest.fixture
def group():
    return group_make("Peebles Toddler Group", area_title="Scottish Borders")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def daytime(monkeypatch):
    """No quiet hours, so that a reminder goes at once whatever the time the tests run at."""
    monkeypatch.setattr("messaging.channels.text.QUIET_FROM", dt.time.max)
    monkeypatch.setattr("messaging.channels.text.QUIET_UNTIL", dt.time.min)


def phone_only(client, session, **overrides):
    return form_data(client, session, **{"email": "", "phone": MOBILE, "texts": "on", **overrides})


def short_link_in(body: str) -> str:
    return re.search(r"http://testserver(/t/[A-Za-z0-9_-]+)", body).group(1)


class TestAPhoneOnlyFamily:
    def test_books_through_the_form_and_gets_a_confirmation_text_with_a_link_to_their_booking(
        self, client, group, commit, text_outbox
    ):
        session = session_make(group, days=5)
        with commit():
            response = client.post(reverse("events:session_detail", args=[session.pk]), phone_only(client, session))
        assert response.status_code == 302
        assert mail.outbox == []
        [text] = text_outbox
        assert text.to == MOBILE_E164
        assert "you are booked: Peebles Toddler Group" in text.body
        assert segments_count(text.body).segments <= 2
        # The short link opens their own booking page.
        landing = client.get(short_link_in(text.body), follow=True)
        assert "Peebles Toddler Group" in landing.content.decode()
        assert landing.redirect_chain[-1][0] == reverse(
            "events:booking_manage", args=[Contact.objects.get().manage_token]
        )

    def test_gets_a_reminder_the_day_before_a_text_when_the_session_moves_and_when_it_is_cancelled(
        self, client, group, commit, text_outbox, daytime
    ):
        session = session_make(group, days=1, at=dt.time(10))
        with commit():
            client.post(reverse("events:session_detail", args=[session.pk]), phone_only(client, session))
        with commit():
            reminders_queue()
        assert [t.body for t in text_outbox][1].startswith("Gather: see you tomorrow: Peebles Toddler Group")
        text_outbox.clear()
        new_start = session.start + dt.timedelta(hours=3)
        with commit():
            session_move(
                session=session, start=new_start, end=new_start + dt.timedelta(hours=2), reason="Hall is booked"
            )
        [moved] = text_outbox
        assert "has moved to" in moved.body and "13:00" in moved.body and "Hall is booked" in moved.body
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert "is cancelled" in text_outbox[-1].body and "Storm warning" in text_outbox[-1].body

    def test_joins_a_waiting_list_by_text_and_is_offered_the_place_by_text(self, client, group, commit, text_outbox):
        session = session_make(group, days=5, places=1)
        taken = book(session, email="first@example.org").bookings[0]
        with commit():
            response = client.post(
                reverse("events:session_detail", args=[session.pk]), phone_only(client, session, action="wait")
            )
        assert response.status_code == 302
        [joined] = text_outbox
        assert "waiting list" in joined.body
        with commit():
            booking_cancel(booking=taken)
        offer = text_outbox[-1]
        assert offer.to == MOBILE_E164 and "a place is free for you" in offer.body

    def test_a_family_that_did_not_agree_to_texts_gets_none(self, group, commit, text_outbox):
        session = session_make(group)
        with commit():
            book(session, email="", phone=MOBILE)
        assert text_outbox == []
        assert not OutboundMessage.objects.filter(channel="text").exists()

    def test_a_family_with_email_and_texts_hears_by_both(self, group, commit, text_outbox):
        session = session_make(group)
        with commit():
            book(session, phone=MOBILE, texts=True)
        assert len(mail.outbox) == 1 and len(text_outbox) == 1


class TestTheForm:
    def test_texts_to_a_landline_are_refused_in_plain_words_and_nothing_typed_is_lost(self, client, group):
        session = session_make(group)
        data = phone_only(client, session, phone=LANDLINE, first_name="Morag")
        response = client.post(reverse("events:session_detail", args=[session.pk]), data)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Texts need a mobile number, and this looks like a landline." in page
        assert 'value="Morag"' in page and LANDLINE in page
        assert not Contact.objects.exists()

    def test_a_landline_is_fine_without_texts(self, client, group):
        session = session_make(group)
        data = form_data(client, session, phone=LANDLINE, email="")
        assert client.post(reverse("events:session_detail", args=[session.pk]), data).status_code == 302
        assert Contact.objects.get().phone == "+441896820000"

    def test_texts_without_a_number_ask_for_one(self, client, group):
        session = session_make(group)
        data = form_data(client, session, texts="on")
        page = client.post(reverse("events:session_detail", args=[session.pk]), data).content.decode()
        assert "Please give your mobile number, so that we can text you." in page

    def test_a_number_from_another_country_is_accepted(self, client, group, commit, text_outbox):
        session = session_make(group)
        with commit():
            client.post(
                reverse("events:session_detail", args=[session.pk]),
                phone_only(client, session, phone="+92 300 1234567"),
            )
        assert text_outbox[0].to == "+923001234567"


class TestWhenTextsGo:
    def test_a_reminder_waits_for_the_morning_but_a_cancellation_goes_at_night(
        self, group, commit, text_outbox, monkeypatch
    ):
        session = session_make(group, days=1)
        book(session, email="", phone=MOBILE, texts=True)
        text_outbox.clear()
        night = dt.datetime.combine(timezone.localdate(), dt.time(22, 30), tzinfo=LOCAL_TZ)
        monkeypatch.setattr(timezone, "now", lambda: night.astimezone(dt.UTC))
        with commit():
            reminders_queue(day=session.start.astimezone(LOCAL_TZ).date())
        assert text_outbox == []
        reminder = OutboundMessage.objects.get(channel="text", kind=MessageKind.REMINDER)
        assert reminder.status == MessageStatus.PENDING and reminder.attempts == 0
        assert reminder.next_attempt_at == dt.datetime.combine(
            night.date() + dt.timedelta(days=1), dt.time(8), tzinfo=LOCAL_TZ
        )
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert [t for t in text_outbox if "cancelled" in t.body]

    def test_past_the_daily_limit_routine_texts_wait_and_urgent_ones_still_go(
        self, group, commit, text_outbox, settings
    ):
        settings.GATHER_TEXTS_PER_DAY = 1
        session = session_make(group, days=3)
        with commit():
            book(session, email="", phone=MOBILE, texts=True)
            book(session, first_name="Isla", email="", phone="07700 900456", texts=True)
        assert len(text_outbox) == 1
        waiting = OutboundMessage.objects.get(channel="text", status=MessageStatus.PENDING)
        assert timezone.localtime(waiting.next_attempt_at).time() == dt.time(8)
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert sum("cancelled" in t.body for t in text_outbox) == 2

    def test_a_number_that_replied_stop_gets_nothing_more(self, group, commit, text_outbox):
        session = session_make(group, days=3)
        with commit():
            book(session, email="", phone=MOBILE, texts=True)
        text_opt_out_set(number=MOBILE_E164, stopped=True, how="reply")
        text_outbox.clear()
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert text_outbox == []
        assert OutboundMessage.objects.filter(channel="text", status=MessageStatus.SKIPPED).exists()
        text_opt_out_set(number=MOBILE_E164, stopped=False, how="reply")
        session2 = session_make(group, days=4)
        with commit():
            book(session2, email="", phone=MOBILE, texts=True)
        assert len(text_outbox) == 1

    def test_each_text_records_its_segments(self, group, commit):
        session = session_make(group)
        with commit():
            book(session, email="", phone=MOBILE, texts=True)
        message = OutboundMessage.objects.get(channel="text")
        assert message.status == MessageStatus.SENT and message.segments in (1, 2) and message.provider_id


LONG_TITLE = "Croydon Muslim Mums' Wellbeing Group and Stay-and-Play with Guest Speakers"
LONG_VENUE = "St Andrew's Church Hall, the small room at the back behind the car park"


@pytest.mark.parametrize("language", ["en-gb", "ar", "ur", "bn", "pl"])
def test_every_kind_of_text_fits_in_two_segments_in_every_language_and_keeps_its_link(language, settings):
    """Long names are shortened to fit; the link never is. The site's address is a long real-world one."""
    settings.BASE_URL = "https://www.croydonmums.org.uk"
    from types import SimpleNamespace

    from django.utils import translation

    from events.texts import _write

    venue = SimpleNamespace(name=LONG_VENUE)
    start = dt.datetime(2027, 3, 2, 10, tzinfo=LOCAL_TZ)
    session = SimpleNamespace(
        title_shown=LONG_TITLE,
        page_id=None,
        venue_id=1,
        venue=venue,
        start=start,
        status_reason_shown="The heating in the hall has broken down and the engineer cannot come until next week",
    )
    contact = SimpleNamespace(text_token="Xq3vT9bLr2mW")
    booking = SimpleNamespace(session=session)
    # A leader's message is never shortened: the admin form refuses one too long (tests/events/test_session_notices.py).
    notice = SimpleNamespace(message="The hall is cold today, bring a jumper")
    for kind in MessageKind:
        for bookings in ([booking], [booking] * 8):
            with translation.override(language):
                body = _write(
                    kind=kind,
                    contact=contact,
                    booking=booking,
                    bookings=bookings,
                    session=session,
                    waiting_entry=None,
                    notice=notice,
                )
            assert segments_count(body).segments <= 2, (kind, body)
            if kind == MessageKind.SESSION_NOTICE:
                assert body.endswith(": The hall is cold today, bring a jumper"), body
            else:
                assert " www.croydonmums.org.uk/t/Xq3vT9bLr2mW" in body, (kind, body)


class TestHowTheyHearFromUs:
    """On their private page a family changes their email, their phone and whether we text them."""

    def channels_url(self, contact):
        return reverse("events:contact_channels", args=[contact.manage_token])

    def test_an_emailing_family_adds_a_mobile_and_texts_and_the_next_change_reaches_them_by_text(
        self, client, group, commit, text_outbox
    ):
        session = session_make(group, days=5)
        contact = book(session).contact
        page = client.get(reverse("events:booking_manage", args=[contact.manage_token]))
        assert "How we reach you" in page.content.decode()
        response = client.post(
            self.channels_url(contact), {"email": "amina@example.org", "phone": MOBILE, "texts": "on"}
        )
        assert response.status_code == 302
        contact.refresh_from_db()
        assert contact.phone == MOBILE_E164 and contact.texts_agreed_at is not None
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert [t.to for t in text_outbox] == [MOBILE_E164]

    def test_turning_texts_off_stops_them(self, client, group, commit, text_outbox):
        session = session_make(group, days=5)
        contact = book(session, email="", phone=MOBILE, texts=True).contact
        client.post(self.channels_url(contact), {"email": "", "phone": MOBILE})
        text_outbox.clear()
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert text_outbox == []
        contact.refresh_from_db()
        assert contact.phone == MOBILE_E164 and contact.texts_agreed_at is None

    def test_a_number_that_replied_stop_is_shown_as_such_and_ticking_texts_again_starts_them(
        self, client, group, commit, text_outbox
    ):
        session = session_make(group, days=5)
        contact = book(session, email="", phone=MOBILE, texts=True).contact
        text_opt_out_set(number=MOBILE_E164, stopped=True, how="reply")
        page = client.get(self.channels_url(contact)).content.decode()
        assert "Your number replied STOP" in page
        [box] = re.findall(r'<input[^>]*name="texts"[^>]*>', page)
        assert "checked" not in box
        client.post(self.channels_url(contact), {"email": "", "phone": MOBILE, "texts": "on"})
        text_outbox.clear()
        with commit():
            session_cancel(session=session, reason="Storm warning")
        assert len(text_outbox) == 1

    def test_removing_every_way_to_reach_them_is_refused_in_plain_words(self, client, group):
        contact = book(session_make(group)).contact
        page = client.post(self.channels_url(contact), {"email": "", "phone": ""}).content.decode()
        assert "Please keep an email address or a phone number, so that we can reach you." in page
        contact.refresh_from_db()
        assert contact.email == "amina@example.org"

    def test_a_new_email_address_is_not_taken_as_proven(self, client, group):
        contact = book(session_make(group)).contact
        Contact.objects.filter(pk=contact.pk).update(email_proven_at=timezone.now())
        client.post(self.channels_url(contact), {"email": "someone.else@example.org", "phone": ""})
        contact.refresh_from_db()
        assert contact.email == "someone.else@example.org" and contact.email_proven_at is None

    def test_someone_elses_link_opens_nothing(self, client, group):
        book(session_make(group))
        assert client.get(reverse("events:contact_channels", args=["not-a-real-token"])).status_code == 404


@pytest.mark.parametrize(
    "language, written, read",
    [
        (
            "en-gb",
            "Gather: booked: Group, Tue 2 Mar, 10:00, . Change",
            "Gather: booked: Group, Tue 2 Mar, 10:00. Change",
        ),
        ("ur", "کل ملیں گے: گروپ, منگل ، ۔ کینسل", "کل ملیں گے: گروپ, منگل۔ کینسل"),
        ("bn", "বুক হয়েছে: গ্রুপ, , ১০:০০। বদলান", "বুক হয়েছে: গ্রুপ, ১০:০০। বদলান"),
    ],
)
def test_a_venue_that_went_leaves_no_stray_comma_in_any_script(language, written, read):
    from events.texts import LEFT_BEHIND

    assert " ".join(LEFT_BEHIND.sub(r"\1", written).split()) == read


def test_in_the_embedded_set_up_each_text_is_printed_to_the_console(client, group, commit, settings, capsys, daytime):
    """What a developer or a volunteer trying the site sees: the texts, where the emails are printed too."""
    settings.TEXT_BACKEND = "messaging.texting.backends.console.TextBackend"
    session = session_make(group, days=1)
    with commit():
        client.post(reverse("events:session_detail", args=[session.pk]), phone_only(client, session))
    with commit():
        reminders_queue()
    printed = capsys.readouterr().out
    assert printed.count(f"Text to {MOBILE_E164}") == 2
    assert "Gather: you are booked: Peebles Toddler Group" in printed
    assert "Gather: see you tomorrow: Peebles Toddler Group" in printed


def test_the_page_of_how_we_reach_them_costs_a_fixed_few_queries(client, group, django_assert_num_queries):
    """Three of its own (the family's language, the contact, whether the number replied STOP) and
    the five every page of the site costs (site, settings, navigation), STOP or not."""
    contact = book(session_make(group), email="", phone=MOBILE, texts=True).contact
    url = reverse("events:contact_channels", args=[contact.manage_token])
    client.get(url)  # warm the caches this test is not about
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    text_opt_out_set(number=MOBILE_E164, stopped=True, how="reply")
    with django_assert_num_queries(8):
        assert "Your number replied STOP" in client.get(url).content.decode()


def test_a_phone_only_family_changing_a_booking_is_told_a_text_confirms_it(client, group, commit, text_outbox):
    outcome = book(session_make(group, days=5), email="", phone=MOBILE, texts=True)
    text_outbox.clear()
    url = reverse("events:booking_change", args=[outcome.contact.manage_token, outcome.bookings[0].pk])
    with commit():
        response = client.post(url, {"adults": "2", "children": "1", "access_needs": ""}, follow=True)
    page = response.content.decode()
    assert "Your booking is changed. We have sent you a text to confirm." in page
    assert "email" not in page.split("Your booking is changed.")[1][:60]
    [text] = text_outbox
    assert "booking changed" in text.body
