"""Phone numbers are stored in one international form, however they were typed."""

import importlib
import uuid

import pytest
from django.apps import apps

from events.contact_details import PHONE_UNREADABLE_MESSAGE, phone_display, phone_texts_refusal
from events.forms import BookingForm
from events.models import Booking, Contact
from tests.events.booking_support import book, group_make, session_make
from tests.events.test_booking_services import refused

households_recompute = importlib.import_module("events.migrations.0006_contact_details_normalise").households_recompute


def booking_form(phone):
    return BookingForm(
        {
            "first_name": "Fiona",
            "phone": phone,
            "adults": "1",
            "children": "0",
            "consent": "on",
            "request_key": str(uuid.uuid4()),
        },
        has_creche=False,
    )


@pytest.mark.parametrize(
    "typed",
    ["07700 900111", "07700-900-111", "+44 7700 900111", "0044 7700 900111", "(07700) 900111", "+447700900111"],
)
def test_the_form_reads_every_way_of_writing_a_uk_number(typed):
    form = booking_form(typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+447700900111"


def test_a_number_from_abroad_keeps_its_country_code():
    form = booking_form("+33 6 12 34 56 78")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+33612345678"


@pytest.mark.parametrize("typed", ["call me", "123", "07700 900111 222 333", "+44"])
def test_a_number_that_cannot_be_read_is_refused_in_plain_words(typed):
    form = booking_form(typed)

    assert not form.is_valid()
    assert form.errors["phone"] == [PHONE_UNREADABLE_MESSAGE]
    assert "07700 900123" in PHONE_UNREADABLE_MESSAGE


@pytest.mark.django_db
def test_the_booking_service_stores_the_international_form_and_refuses_nonsense():
    session = session_make(group_make())

    outcome = book(session, email="", phone="07700-900-111")

    assert outcome.contact.phone == "+447700900111"
    with refused("phone"):
        book(session, email="", phone="not a number")


@pytest.mark.django_db
def test_stored_numbers_are_converted_and_families_recounted():
    session = session_make(group_make())

    def contact(email="", phone=""):
        made = Contact.objects.create(first_name="Someone", email=email, phone=phone, consent_at=session.start)
        Booking.objects.create(session=session, contact=made, household_ref=made.household_ref)
        return made

    # As the earlier rule left them: digits only, and one family split three ways.
    layla = contact(email="Layla@example.org", phone="07700900111")
    same_email = contact(email="layla@EXAMPLE.org")
    same_phone = contact(phone="+447700900111")
    unreadable = contact(phone="12")
    stranger = contact(email="sara@example.org", phone="07700900222")
    purged = Booking.objects.create(session=session, contact=None, household_ref=same_phone.household_ref)

    households_recompute(apps, None)

    phones = dict(Contact.objects.values_list("pk", "phone"))
    assert phones[layla.pk] == phones[same_phone.pk] == "+447700900111"
    assert (phones[unreadable.pk], phones[stranger.pk]) == ("12", "+447700900222")
    refs = dict(Contact.objects.values_list("pk", "household_ref"))
    assert refs[same_email.pk] == refs[same_phone.pk] == refs[layla.pk] == layla.household_ref
    assert refs[stranger.pk] == stranger.household_ref
    assert refs[unreadable.pk] == unreadable.household_ref
    for booking in Booking.objects.exclude(contact=None):
        assert booking.household_ref == refs[booking.contact_id]
    purged.refresh_from_db()
    assert purged.household_ref == layla.household_ref


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("+447700900123", "07700 900123"),
        ("+441896820000", "01896 820000"),
        ("+923001234567", "+92 300 1234567"),
        ("", ""),
    ],
)
def test_staff_see_uk_numbers_as_they_are_dialled_and_others_with_their_country_code(stored, shown):
    assert phone_display(stored) == shown


@pytest.mark.parametrize(
    "number, refusal",
    [
        ("+447400123456", ""),  # a mobile
        ("+447700900123", ""),  # Ofcom's drama range: not in the plan, given the benefit of the doubt
        ("+923001234567", ""),  # a Pakistani mobile
        ("+441896820000", "looks like a landline"),
        ("+448001234567", "this is not one"),  # freephone
    ],
)
def test_texts_need_a_mobile_and_say_so_plainly(number, refusal):
    answer = phone_texts_refusal(number)
    assert (refusal in answer) if refusal else answer == ""
