"""Every email is written in the language of the family it goes to, whatever language is active.

Each kind the email renderers register is rendered for a family in every language the
site offers (settings.LANGUAGES), while another language is active, as the outbox's
worker would be. The renderer must switch to the family's language for the whole
message (the HTML part says which language it is in, and day and month names come
out in it) and put the active language back afterwards.
"""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from events.language import recipient_language
from events.models import Booking, Session, SessionNotice
from events.models.messages import MessageKind
from events.models.schedules import SessionStatus
from events.services.privacy import contact_export
from events.services.waiting_list import waiting_join
from events.services_notify import email_queue
from messaging.channels.email import EMAIL, Email
from messaging.renderers import renderer_for
from tests.events.booking_support import book, family, group_make, session_make
from web.languages import html_lang

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The kinds that can be about a place on a waiting list rather than a booking.
WAITING_KINDS = {MessageKind.WAITING_JOINED, MessageKind.SESSION_CANCELLED, MessageKind.SESSION_MOVED}
SESSION_STATUS = {
    MessageKind.SESSION_CANCELLED: SessionStatus.CANCELLED,
    MessageKind.SESSION_MOVED: SessionStatus.MOVED,
}


def registered_kinds() -> list[str]:
    """Every kind of email the booking domain sends, each with a renderer registered for it."""
    kinds = list(MessageKind)
    for kind in kinds:
        renderer_for(channel=EMAIL, kind=kind)  # LookupError if none is registered
    return kinds


def language_record(row, code: str, monkeypatch) -> None:
    """Record `code` as the language of `row`, as the booking form does.

    Where the model has no `language` field yet, every row of its kind reads `code`.
    """
    model = type(row)
    if any(field.name == "language" for field in model._meta.get_fields()):
        model.objects.filter(pk=row.pk).update(language=code)
    else:
        monkeypatch.setattr(model, "language", code, raising=False)


def expected_language(code: str) -> str:
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


@pytest.fixture
def family_places():
    """Amina booked on tomorrow's session, and Sara waiting for a place in it."""
    session = session_make(group_make(), days=1, places=1)
    booking = book(session).bookings[0]
    entry = waiting_join(session=session, **family(first_name="Sara", email="sara@example.org")).entry
    return booking, entry


def rendered(kind: str, row) -> Email:
    """The email of `kind` about `row` (a booking or a waiting entry), as the outbox renders it."""
    Session.objects.filter(pk=row.session_id).update(status=SESSION_STATUS.get(kind, SessionStatus.SCHEDULED))
    about = {"booking": row} if isinstance(row, Booking) else {"waiting_entry": row}
    if kind == MessageKind.SESSION_NOTICE:
        # A leader's message is about what they wrote, and goes in the family's language all the same.
        about["about"] = SessionNotice.objects.create(session=row.session, message="The hall is cold today.")
    message = email_queue(kind=kind, contact=row.contact, session=row.session, **about)
    email = renderer_for(channel=EMAIL, kind=kind)(message)
    assert isinstance(email, Email), f"{kind} was not rendered: {email}"
    return email


def html_lang_of(email: Email) -> str:
    return email.html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("kind", registered_kinds())
def test_every_kind_renders_in_every_language_in_the_familys_language(kind, family_places, monkeypatch):
    booking, entry = family_places
    rows = [booking, entry] if kind in WAITING_KINDS else [booking]
    if kind == MessageKind.WAITING_JOINED:
        rows = [entry]
    for row in rows:
        for code in LANGUAGES:
            language_record(row, code, monkeypatch)
            # The outbox's worker runs in whatever language is active; here, another one.
            active = "ar" if expected_language(code) != "ar" else settings.LANGUAGE_CODE
            with translation.override(active):
                email = rendered(kind, row)
                assert translation.get_language() == active, "the active language is put back"
            language = expected_language(code)
            with translation.override(language):
                day = date_format(timezone.localtime(row.session.start), "l j E Y")
                right_to_left = translation.get_language_bidi()
            assert email.subject.strip(), f"{kind} in {code} has no subject"
            assert email.text.strip()
            assert html_lang_of(email) == html_lang(language), f"{kind} in {code} was written in another language"
            assert (' dir="rtl"' in email.html) == right_to_left
            assert day in email.text, f"{kind} in {code}: the date is not written in {language}"


def test_an_arabic_speaking_family_gets_arabic_day_and_month_names(family_places, monkeypatch):
    booking, _entry = family_places
    language_record(booking, "ar", monkeypatch)
    with translation.override("en-gb"):
        english_day = date_format(timezone.localtime(booking.session.start), "l j E")
        email = rendered(MessageKind.REMINDER, booking)

    assert english_day not in email.text
    assert html_lang_of(email) == "ar"
    assert ' dir="rtl"' in email.html


def test_the_contacts_language_is_used_when_the_booking_has_none(family_places, monkeypatch):
    booking, _entry = family_places
    language_record(booking.contact, "pl", monkeypatch)
    if not any(field.name == "language" for field in Booking._meta.get_fields()):
        monkeypatch.setattr(Booking, "language", "", raising=False)

    assert html_lang_of(rendered(MessageKind.BOOKING_CHANGED, booking)) == "pl"


def test_without_a_language_recorded_emails_are_in_the_sites_language(family_places):
    booking, entry = family_places

    with translation.override("ar"):
        email = rendered(MessageKind.WAITING_JOINED, entry)

    assert recipient_language(entry, entry.contact) == settings.LANGUAGE_CODE
    assert html_lang_of(email) == html_lang(settings.LANGUAGE_CODE)
    assert email.subject == f"You are on the waiting list: {entry.session.page.title}"


def test_a_language_the_site_does_not_offer_falls_back_to_the_sites_language(family_places, monkeypatch):
    booking, _entry = family_places
    language_record(booking, "xx-unknown", monkeypatch)

    assert html_lang_of(rendered(MessageKind.REMINDER, booking)) == html_lang(settings.LANGUAGE_CODE)


def test_a_familys_own_calendar_feed_has_a_copy_for_each_language(client, family_places, monkeypatch):
    booking, _entry = family_places
    url = reverse("events:personal_ical", args=[booking.contact.feed_token])
    etags = set()
    for code in ("ar", settings.LANGUAGE_CODE):
        language_record(booking.contact, code, monkeypatch)
        response = client.get(url)
        assert response.status_code == 200
        etags.add(response["ETag"])

    assert len(etags) == 2


def test_the_privacy_export_names_every_field_in_the_language_asked_for(family_places):
    booking, _entry = family_places
    email_queue(kind=MessageKind.BOOKING_CHANGED, contact=booking.contact, booking=booking)

    with translation.override("en-gb"):
        export = contact_export(contact=booking.contact, language="ar")
        assert translation.get_language() == "en-gb"

    def names(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {name for each in value.values() for name in names(each)}
        if isinstance(value, list):
            return {name for each in value for name in names(each)}
        return set()

    explained = set(export.pop("field_names"))
    assert names(export) <= explained
    json.dumps(export)  # every label is plain text by now
