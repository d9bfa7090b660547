"""The services that change one-to-one slots and requests."""

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from messaging.models import OutboundMessage
from support import services
from support.models import SupportRequest, SupportSlot
from support.notify import SupportMessageKind, SupportWorkerMessageKind
from support.selectors import support_slots_free

pytestmark = pytest.mark.django_db


def ask(slot, **fields):
    values = {
        "slot": slot,
        "first_name": "Amina",
        "email": "amina@example.org",
        "phone": "",
        "texts_agreed": False,
        "language": "ur",
        "about": "Sleep has been hard.",
        "request_key": uuid.uuid4(),
    }
    return services.support_request_create(**{**values, **fields})


def test_asking_holds_the_time_and_tells_the_family_and_the_worker(site):
    request = ask(site.slot)

    assert (request.status, request.worker, request.language) == ("asked", site.sara, "ur")
    assert site.slot not in support_slots_free(area=site.croydon)
    kinds = set(OutboundMessage.objects.values_list("kind", "recipient_id"))
    assert kinds == {(SupportMessageKind.ASKED, request.contact_id), (SupportWorkerMessageKind.NEW, site.sara.pk)}


def test_a_second_family_asking_for_a_taken_time_gets_the_plain_message(site):
    ask(site.slot)

    with pytest.raises(services.SlotNotFree) as refused:
        ask(site.slot, first_name="Layla")

    assert "no longer free" in refused.value.messages[0]
    assert SupportRequest.objects.count() == 1


def test_the_same_form_sent_twice_makes_one_request(site):
    key = uuid.uuid4()
    first = ask(site.slot, request_key=key)
    assert ask(site.slot, request_key=key) == first


def test_the_database_keeps_one_live_request_per_slot(site):
    first = ask(site.slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportRequest.objects.create(area=site.croydon, slot=site.slot, worker=site.sara, contact=first.contact)


def test_an_in_person_slot_needs_a_venue(site):
    start = timezone.now() + dt.timedelta(days=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportSlot.objects.create(
            area=site.croydon, worker=site.sara, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode="venue"
        )
