"""Requests are read through one selector: the worker sees their own, the lead their programme's, nobody else any."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from support import services
from support.selectors import support_requests_for, support_sessions_held, support_slots_free
from tests.security.site import _user

pytestmark = pytest.mark.django_db


def ask(slot, name="Amina"):
    return services.support_request_create(
        slot=slot,
        first_name=name,
        email=f"{name.lower()}@example.org",
        phone="",
        texts_agreed=False,
        language="en",
        about="",
        request_key=uuid.uuid4(),
    )


@pytest.fixture
def requests(site):
    return {"sara": ask(site.slot), "sam": ask(site.sam_slot, "Layla"), "ben": ask(site.borders_slot, "Fiona")}


def test_a_worker_sees_only_their_own(site, requests):
    assert list(support_requests_for(site.sara)) == [requests["sara"]]
    assert list(support_requests_for(site.sam)) == [requests["sam"]]


def test_the_lead_sees_the_whole_programme_and_nothing_of_another(site, requests):
    assert set(support_requests_for(site.lina)) == {requests["sara"], requests["sam"]}
    assert list(support_requests_for(site.bea)) == [requests["ben"]]


@pytest.mark.parametrize("who", ["superuser", "staff", "mums_leader", "nobody", "anonymous"])
def test_anyone_without_a_role_sees_nothing(site, requests, who):
    user = {"nobody": _user("nobody"), "anonymous": AnonymousUser()}.get(who) or getattr(site, who)
    assert list(support_requests_for(user)) == []


def test_a_lead_who_left_sees_nothing(site, requests):
    site.lina.is_active = False
    site.lina.save()
    assert list(support_requests_for(site.lina)) == []


def test_the_public_list_holds_free_times_only(site, requests):
    free = support_slots_free(area=site.croydon)

    assert free == [site.later_slot]


def test_a_withdrawn_time_is_not_free(site):
    services.support_slot_withdraw(slot=site.later_slot, by=site.sara)
    assert site.later_slot not in support_slots_free(area=site.croydon)


def test_sessions_held_are_counted_per_programme(site, requests):
    # Marked held directly: the service waits for the time to come.
    requests["sara"].status = "held"
    requests["sara"].save()
    day = timezone.localdate(requests["sara"].slot.starts_at)

    assert support_sessions_held(first=day, last=day) == {site.croydon.pk: 1}
    assert support_sessions_held(first=day, last=day, areas=[site.borders]) == {}
