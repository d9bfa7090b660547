"""Families erased on request stay erased after a restore from an older backup (events/models/erasures.py).

A "restore" here puts back the families' rows and the erasure records exactly as a
backup taken before the erasure holds them, as pg_restore would: the same ids, the
same values, and no record of the erasure in the database. The uploads storage keeps
its newer copy of the record, as a media folder or bucket does when only the database
is restored.
"""

import datetime as dt
import io

import pytest
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from events.models import Booking, Contact, ErasureRecord, WaitingEntry
from events.models.bookings import BookingStatus
from events.services.bookings import booking_create
from events.services.erasures import COPIES_FOLDER
from events.services.privacy import contact_erase, personal_data_purge
from messaging.models import OutboundMessage
from messaging.selectors import messages_for

pytestmark = pytest.mark.django_db

BACKED_UP = (Contact, Booking, WaitingEntry, OutboundMessage, ErasureRecord)


def copies_outside_the_database():
    try:
        return sorted(default_storage.listdir(COPIES_FOLDER)[1])
    except FileNotFoundError:
        return []


@pytest.fixture(autouse=True)
def _no_copies_from_other_tests():
    # The test storage lives as long as the test process.
    for name in copies_outside_the_database():
        default_storage.delete(f"{COPIES_FOLDER}/{name}")


@pytest.fixture
def erase(django_capture_on_commit_callbacks):
    """Erase as staff do: the erasure commits, then its record is copied out."""

    def erase(contact, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return contact_erase(contact=contact, **options)

    return erase


def backup_take():
    """The families' rows and the erasure records, as a backup of the database holds them."""
    return serializers.serialize("json", [row for model in BACKED_UP for row in model.objects.all()])


def backup_restore(backup):
    for model in reversed(BACKED_UP):
        model.objects.all().delete()
    for row in serializers.deserialize("json", backup):
        row.save()


def reapply(*options):
    out = io.StringIO()
    call_command("reapply_erasures", *options, stdout=out)
    return out.getvalue()


def every_row():
    return backup_take()


@pytest.fixture
def hodan(site):
    """A family who booked through the form: a contact, a booking and its confirmation email."""
    return booking_create(
        session=site.mums_session,
        first_name="Hodan",
        email="hodan@example.org",
        access_needs="Buggy space",
        consent=True,
    ).bookings[0]


def test_a_family_erased_after_the_backup_is_erased_again_after_a_restore(site, hodan, erase):
    backup = backup_take()
    contact = hodan.contact
    assert messages_for([contact]).exists()
    erase(contact)

    backup_restore(backup)
    assert Contact.objects.filter(pk=contact.pk, first_name="Hodan").exists()
    printed = reapply()

    assert not Contact.objects.filter(pk=contact.pk).exists()
    booking = Booking.objects.get(pk=hodan.pk)
    assert (booking.contact, booking.access_needs, booking.status) == (None, "", BookingStatus.CANCELLED)
    assert not messages_for([contact]).exists()
    assert "Hodan" not in every_row() and "hodan@example.org" not in every_row()
    assert printed.startswith("Erased again 1 families")
    # Everyone else the backup held is back as they were.
    assert Booking.objects.get(pk=site.amina_booking.pk).contact == site.amina
    assert Booking.objects.get(pk=site.fiona_booking.pk).contact == site.fiona


def test_running_it_again_changes_nothing(site, hodan, erase):
    backup = backup_take()
    erase(hodan.contact)
    backup_restore(backup)
    reapply()
    after_first_run = every_row()

    printed = reapply()

    assert every_row() == after_first_run
    assert printed.startswith("Erased again 0 families")
    assert ErasureRecord.objects.count() == 1


def test_a_dry_run_counts_the_families_and_changes_nothing(site, hodan, erase):
    backup = backup_take()
    erase(hodan.contact)
    backup_restore(backup)
    restored = every_row()

    assert reapply("--dry-run").startswith("1 families erased on request are back")
    assert every_row() == restored


def test_the_record_holds_nothing_that_names_or_links_the_family(site, erase):
    contact = site.amina
    details = [contact.first_name, contact.email, contact.household_ref.hex, contact.manage_token]

    erase(contact)

    (record,) = ErasureRecord.objects.values("contact_digest", "erased_on")
    assert record["erased_on"] == timezone.localdate()
    assert not [detail for detail in details if detail in record["contact_digest"]]
    assert len(record["contact_digest"]) == 64
    # The copy outside the database is named by the day and the same hash, and is empty.
    copy_name = f"{timezone.localdate().isoformat()}_{record['contact_digest']}"
    assert copies_outside_the_database() == [copy_name]
    assert default_storage.size(f"{COPIES_FOLDER}/{copy_name}") == 0


def test_the_record_outlives_later_erasures_and_the_purge(site, erase):
    erase(site.amina)
    erase(site.fiona)
    personal_data_purge(now=timezone.now() + dt.timedelta(days=3650))

    assert ErasureRecord.objects.count() == 2
    assert len(copies_outside_the_database()) == 2


def test_a_copy_the_storage_lost_is_written_again_by_the_next_run(site, erase):
    erase(site.amina)
    (lost,) = copies_outside_the_database()
    default_storage.delete(f"{COPIES_FOLDER}/{lost}")

    reapply()

    assert copies_outside_the_database() == [lost]


def test_a_new_family_given_an_erased_familys_id_after_a_restore_is_left_alone(site, hodan, erase):
    # The backup predates Hodan; the restore winds the id sequence back, so the next
    # family to book may be given her id.
    erased = hodan.contact
    erase(erased)
    newcomer = Contact.objects.create(
        pk=erased.pk, first_name="Zainab", email="zainab@example.org", consent_at=timezone.now()
    )
    # She books once the restore is done, a while after Hodan did.
    Contact.objects.filter(pk=newcomer.pk).update(created_at=erased.created_at + dt.timedelta(hours=2))

    reapply()

    assert Contact.objects.filter(pk=newcomer.pk, first_name="Zainab").exists()


def test_erasing_a_stranger_who_typed_a_familys_address_leaves_the_family_after_a_restore(site, erase):
    stranger = (
        booking_create(session=site.peebles_session, first_name="Stranger", email="AMINA@example.org", consent=True)
        .bookings[0]
        .contact
    )
    assert stranger.household_ref == site.amina.household_ref
    backup = backup_take()
    erase(stranger)

    backup_restore(backup)
    reapply()

    assert not Contact.objects.filter(pk=stranger.pk).exists()
    assert Booking.objects.get(pk=site.amina_booking.pk).contact == site.amina
