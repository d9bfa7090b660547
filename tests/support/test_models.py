"""The database keeps one-to-one data consistent whatever code writes it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Contact
from support.models import SupportRequest, SupportRole, SupportSlot

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        fields.pop("model").objects.create(**fields)


def test_an_in_person_slot_needs_a_venue(site):
    start = timezone.now() + dt.timedelta(days=5)
    refused(
        model=SupportSlot,
        area=site.croydon,
        worker=site.sara,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        mode="venue",
    )


def test_a_slot_ends_after_it_starts(site):
    start = timezone.now() + dt.timedelta(days=5)
    refused(model=SupportSlot, area=site.croydon, worker=site.sara, starts_at=start, ends_at=start, mode="phone")


def test_a_programme_has_one_safeguarding_lead(site):
    refused(model=SupportRole, area=site.croydon, user=site.sam, role="lead")


def test_one_live_request_holds_a_slot_but_ended_ones_do_not(site):
    contact = Contact.objects.create(first_name="Amina", email="a@example.org", consent_at=timezone.now())
    SupportRequest.objects.create(area=site.croydon, slot=site.slot, worker=site.sara, contact=contact, status="held")
    SupportRequest.objects.create(area=site.croydon, slot=site.slot, worker=site.sara, contact=contact)
    refused(model=SupportRequest, area=site.croydon, slot=site.slot, worker=site.sara, contact=contact)


def test_an_offer_names_its_time(site):
    contact = Contact.objects.create(first_name="Amina", email="a@example.org", consent_at=timezone.now())
    refused(
        model=SupportRequest, area=site.croydon, slot=site.slot, worker=site.sara, contact=contact, status="offered"
    )
