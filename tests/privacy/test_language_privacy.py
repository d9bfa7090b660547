"""The language a family booked in is part of what is held about them: exported, and removed with them."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Booking, Contact, WaitingEntry
from events.services.bookings import booking_create
from events.services.privacy import contact_erase, contact_export, personal_data_purge
from events.services.waiting_list import waiting_join
from tests.security.site import session_at

pytestmark = pytest.mark.django_db


def urdu_family(site):
    """A family who booked one session and waits for another, in Urdu."""
    outcome = booking_create(
        session=site.mums_session, first_name="Bushra", email="bushra@example.org", consent=True, language="ur"
    )
    full = session_at(site.mums, site.mums_session.start + dt.timedelta(days=7), places=1)
    booking_create(session=full, first_name="Sara", email="sara@example.org", consent=True)
    waiting_join(session=full, first_name="Bushra", email="bushra@example.org", consent=True, language="ur")
    return outcome.contact


def test_the_export_holds_the_language_of_each_request(site):
    contact = urdu_family(site)
    Contact.objects.filter(email="bushra@example.org").update(email_proven_at=timezone.now())

    export = contact_export(contact=contact, address_proven=True)

    assert [each["language"] for each in export["contact_details"]] == ["ur", "ur"]
    assert [booking["language"] for booking in export["bookings"]] == ["ur"]
    assert [entry["language"] for entry in export["waiting_list"]] == ["ur"]


def test_erasing_a_family_removes_the_language_from_what_is_kept(site):
    contact = urdu_family(site)
    Contact.objects.filter(email="bushra@example.org").update(email_proven_at=timezone.now())
    bookings = list(Booking.objects.filter(contact__email="bushra@example.org").values_list("pk", flat=True))
    entries = list(WaitingEntry.objects.filter(contact__email="bushra@example.org").values_list("pk", flat=True))

    contact_erase(contact=contact, address_proven=True)

    assert set(Booking.objects.filter(pk__in=bookings).values_list("contact", "language")) == {(None, "")}
    assert set(WaitingEntry.objects.filter(pk__in=entries).values_list("contact", "language")) == {(None, "")}


def test_the_purge_removes_it_too(site):
    long_ago = timezone.now() - dt.timedelta(days=800)
    old_session = session_at(site.mums, long_ago)
    outcome = booking_create(
        session=site.mums_session, first_name="Bushra", email="bushra@example.org", consent=True, language="ur"
    )
    Booking.objects.filter(pk=outcome.bookings[0].pk).update(session=old_session)
    Contact.objects.filter(pk=outcome.contact.pk).update(created_at=long_ago)

    personal_data_purge()

    booking = Booking.objects.get(pk=outcome.bookings[0].pk)
    assert (booking.contact_id, booking.language) == (None, "")
