"""Phone numbers and texts are part of what is held about a family: exported, erased and purged with them."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Booking, Contact
from events.services.bookings import booking_create
from events.services.privacy import contact_erase, contact_export, personal_data_purge
from messaging.models import OutboundMessage, TextOptOut
from messaging.services import text_opt_out_set
from tests.security.site import session_at

pytestmark = pytest.mark.django_db

MOBILE = "+447700900321"


def texting_family(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = booking_create(
            session=site.mums_session, first_name="Bushra", phone="07700 900321", texts=True, consent=True
        )
    return outcome.contact


def test_the_export_holds_the_number_the_agreement_to_texts_and_the_texts(site, django_capture_on_commit_callbacks):
    contact = texting_family(site, django_capture_on_commit_callbacks)
    text_opt_out_set(number=MOBILE, stopped=True, how="reply")

    export = contact_export(contact=contact)

    [details] = export["contact_details"]
    assert details["phone"] == MOBILE
    assert details["agreed_to_texts_at"] is not None
    assert details["texts_stopped_by_reply"] is True
    assert [(message["about"], message["channel"]) for message in export["emails"]] == [("Booking confirmed", "text")]


def test_erasing_a_family_removes_their_number_and_their_texts_but_keeps_their_stop(
    site, django_capture_on_commit_callbacks
):
    contact = texting_family(site, django_capture_on_commit_callbacks)
    text_opt_out_set(number=MOBILE, stopped=True, how="reply")

    contact_erase(contact=contact)

    assert not Contact.objects.filter(phone=MOBILE).exists()
    assert not OutboundMessage.objects.filter(channel="text").exists()
    # The STOP is kept, by a keyed hash that holds no number, so it is still honoured.
    opt_out = TextOptOut.objects.get()
    assert MOBILE not in opt_out.number_hash and "7700900321" not in opt_out.number_hash


def test_the_purge_removes_numbers_and_texts_of_families_long_gone(site, django_capture_on_commit_callbacks):
    contact = texting_family(site, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - dt.timedelta(days=800)
    Booking.objects.filter(contact=contact).update(session=session_at(site.mums, long_ago))
    Contact.objects.filter(pk=contact.pk).update(created_at=long_ago)

    personal_data_purge()

    assert not Contact.objects.filter(phone=MOBILE).exists()
    assert not OutboundMessage.objects.filter(channel="text").exists()
