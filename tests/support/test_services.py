"""The services that change one-to-one slots and requests."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.recurrence import LOCAL_TZ
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


# Asking again for a taken time, when both requests passed the check at once --------------


def test_the_database_refusal_of_a_second_live_request_reads_as_the_plain_message(site, monkeypatch):
    """Two families pass the "is it free?" check together; the constraint lets one in, the other is told plainly."""
    ask(site.slot)
    monkeypatch.setattr(services, "support_slot_is_free", lambda slot: True)

    with pytest.raises(services.SlotNotFree):
        ask(site.slot, first_name="Layla")
    assert SupportRequest.objects.count() == 1


# Weekly times across the clock changes --------------------------------------------------


@pytest.mark.parametrize(
    ("first_day", "summer_before"),
    [(dt.date(2026, 10, 20), True), (dt.date(2027, 3, 23), False)],
    ids=["clocks go back 25 Oct", "clocks go forward 28 Mar"],
)
def test_a_weekly_time_stays_at_ten_on_the_clock_across_a_clock_change(site, first_day, summer_before, monkeypatch):
    # Weeks before the first change, so both dates are still to come whenever the suite runs.
    monkeypatch.setattr(services.timezone, "now", lambda: dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
    first = dt.datetime.combine(first_day, dt.time(10), tzinfo=LOCAL_TZ)

    slots = services.support_slots_create(
        area=site.croydon, worker=site.sara, first_start=first, length_minutes=50, mode="phone", repeat_weeks=2
    )

    local = [slot.starts_at.astimezone(LOCAL_TZ) for slot in slots]
    assert [(each.date(), each.time()) for each in local] == [
        (first_day + dt.timedelta(weeks=week), dt.time(10)) for week in range(3)
    ]
    offsets = [each.utcoffset() for each in local]
    assert (offsets[0] == dt.timedelta(hours=1)) is summer_before and offsets[0] != offsets[1]
    assert {slot.ends_at - slot.starts_at for slot in slots} == {dt.timedelta(minutes=50)}
    assert len({slot.series for slot in slots}) == 1


def test_an_in_person_time_needs_a_venue(site):
    with pytest.raises(services.SupportRefused):
        services.support_slots_create(
            area=site.croydon,
            worker=site.sara,
            first_start=timezone.now() + dt.timedelta(days=3),
            length_minutes=50,
            mode="venue",
        )


# Another time --------------------------------------------------------------------------


def kinds(recipient_id):
    return list(OutboundMessage.objects.filter(recipient_id=recipient_id).values_list("kind", flat=True))


def test_another_time_asked_offered_and_accepted(site):
    request = ask(site.slot)
    services.support_request_ask_other_time(request=request, wish="Mornings after school drop-off")

    services.support_offer_time(request=request, slot=site.later_slot, by=site.sara)
    assert site.later_slot not in support_slots_free(area=site.croydon)
    request = services.support_offer_accept(request=request)

    assert (request.status, request.slot, request.offered_slot) == ("asked", site.later_slot, None)
    assert site.slot in support_slots_free(area=site.croydon)
    assert SupportMessageKind.OFFERED in kinds(request.contact_id)
    assert SupportMessageKind.CONFIRMED in kinds(request.contact_id)
    assert kinds(site.sara.pk).count(SupportWorkerMessageKind.OTHER_TIME) == 1
    assert kinds(site.sara.pk).count(SupportWorkerMessageKind.ACCEPTED) == 1


def test_a_declined_offer_keeps_the_first_time_and_frees_the_offered_one(site):
    request = ask(site.slot)
    services.support_offer_time(request=request, slot=site.later_slot, by=site.sara)

    request = services.support_offer_decline(request=request)

    assert (request.status, request.slot, request.offered_slot) == ("wants_other_time", site.slot, None)
    assert support_slots_free(area=site.croydon) == [site.later_slot, site.sam_slot]


def test_only_the_workers_own_free_times_can_be_offered(site):
    request = ask(site.slot)
    with pytest.raises(services.SupportRefused):
        services.support_offer_time(request=request, slot=site.sam_slot, by=site.sara)


def test_someone_without_the_role_cannot_act_on_a_request(site):
    request = ask(site.slot)
    for user in (site.superuser, site.sam, site.bea):
        with pytest.raises(PermissionDenied):
            services.support_note_set(request=request, note="Seen", by=user)


def test_the_family_cancels_and_the_time_is_free_again(site):
    request = services.support_request_cancel(request=ask(site.slot))

    assert request.status == "cancelled"
    assert site.slot in support_slots_free(area=site.croydon)
    assert SupportWorkerMessageKind.CANCELLED in kinds(site.sara.pk)
    with pytest.raises(services.SupportRefused):
        services.support_request_cancel(request=request)


def test_a_withdrawn_time_tells_the_family_holding_it(site):
    request = ask(site.slot)

    services.support_slot_withdraw(slot=site.slot, by=site.sara)

    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert SupportMessageKind.WITHDRAWN in kinds(request.contact_id)


def test_held_only_once_the_time_has_come_and_the_note_is_short(site):
    request = ask(site.slot)
    with pytest.raises(services.SupportRefused):
        services.support_request_mark(request=request, held=True, by=site.sara)
    SupportSlot.objects.filter(pk=site.slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))

    request = services.support_request_mark(request=request, held=True, by=site.lina)
    assert request.status == "held" and request.held_at is not None
    with pytest.raises(services.SupportRefused):
        services.support_note_set(request=request, note="x" * 501, by=site.sara)
    assert services.support_note_set(request=request, note="Talked through sleep.", by=site.sara).note
