"""What one-to-one messages say, to whom, in which language and by which channel."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from messaging.models import OutboundMessage
from support import services
from support.messages import support_family_email_render, support_family_text_render, support_worker_email_render
from support.models import SupportSlot
from support.notify import SupportMessageKind, SupportWorkerMessageKind
from tests.support.conftest import slot_add

pytestmark = pytest.mark.django_db

ABOUT = "My son will not sleep and I cry every evening"


def ask(slot, **fields):
    values = {
        "slot": slot,
        "first_name": "Rukhsana",
        "email": "rukhsana@example.org",
        "phone": "",
        "texts_agreed": False,
        "language": "ur",
        "about": ABOUT,
        "request_key": uuid.uuid4(),
    }
    return services.support_request_create(**{**values, **fields})


def message(kind, **filters):
    return OutboundMessage.objects.get(kind=kind, **filters)


def test_the_confirmation_is_in_the_familys_language_with_their_private_link(site):
    request = ask(site.slot)

    email = support_family_email_render(message(SupportMessageKind.ASKED, channel="email"))

    assert email.to == ["rukhsana@example.org"]
    assert f"/ur/one-to-one/{request.contact.manage_token}/" in email.text
    assert 'lang="ur"' in email.html and 'dir="rtl"' in email.html
    # A phone session says who rings whom, in Urdu: "By phone: the worker will ring you at the time."
    assert "فون پر: وقت پر ورکر کا فون آئے گا۔" in email.text


def test_an_in_person_time_names_the_venue(site):
    slot = slot_add(site.croydon, site.sara, days=5, mode=SupportSlot.Mode.VENUE, venue=site.venue)
    ask(slot, language="en")

    email = support_family_email_render(message(SupportMessageKind.ASKED, channel="email"))

    assert "Family Centre, CR0 1AA" in email.text


def test_texts_go_only_to_a_family_who_agreed_at_a_mobile(site, daytime):
    ask(site.slot, email="", phone="07700 900456", texts_agreed=True)
    ask(site.later_slot, email="layla@example.org", phone="07700 900789", texts_agreed=False, first_name="Layla")

    texts = OutboundMessage.objects.filter(kind=SupportMessageKind.ASKED, channel="text")
    assert texts.count() == 1
    text = support_family_text_render(texts.get())
    assert text.to == "+447700900456"
    assert "/one-to-one/t/" in text.body
    assert not OutboundMessage.objects.filter(
        kind=SupportMessageKind.ASKED, channel="email", recipient_id=texts.get().recipient_id
    ).exists()


def test_the_worker_is_told_without_the_familys_name_details_or_words(site):
    request = ask(site.slot)
    services.support_request_ask_other_time(request=request, wish="Mornings after school drop-off")
    services.support_request_cancel(request=request)

    emails = [
        support_worker_email_render(message(kind, recipient_id=site.sara.pk))
        for kind in (
            SupportWorkerMessageKind.NEW,
            SupportWorkerMessageKind.OTHER_TIME,
            SupportWorkerMessageKind.CANCELLED,
        )
    ]

    for email in emails:
        assert email.to == ["sara-worker@example.org"]
        everything = email.subject + email.text + email.html
        for secret in ("Rukhsana", "rukhsana@example.org", ABOUT, "Mornings", request.contact.manage_token):
            assert secret not in everything
    assert f"/admin/one-to-one/requests/{request.pk}/" in emails[0].text
    assert OutboundMessage.objects.filter(recipient_id=site.lina.pk).count() == 0


def test_an_offer_names_the_new_time_and_asks_for_an_answer(site):
    request = ask(site.slot, language="en")
    services.support_offer_time(request=request, slot=site.later_slot, by=site.sara)

    email = support_family_email_render(message(SupportMessageKind.OFFERED))

    day = timezone.localtime(site.later_slot.starts_at).strftime("%-d")
    assert day in email.text and "say yes or no" in email.text


def test_a_message_about_a_request_that_changed_since_is_not_sent(site):
    request = ask(site.slot, language="en")
    services.support_offer_time(request=request, slot=site.later_slot, by=site.sara)
    services.support_offer_decline(request=request)

    assert not hasattr(support_family_email_render(message(SupportMessageKind.OFFERED)), "to")


def test_the_reminder_goes_the_day_before_once(site):
    request = ask(site.slot, language="en")
    day_before = timezone.localdate(site.slot.starts_at) - dt.timedelta(days=1)

    call_command("send_support_reminders", today=day_before.isoformat())
    call_command("send_support_reminders", today=day_before.isoformat())
    call_command("send_support_reminders", today=(day_before - dt.timedelta(days=1)).isoformat())

    reminders = OutboundMessage.objects.filter(kind=SupportMessageKind.REMINDER)
    assert reminders.count() == 1 and reminders.get().recipient_id == request.contact_id
    assert "tomorrow" in support_family_email_render(reminders.get()).text
