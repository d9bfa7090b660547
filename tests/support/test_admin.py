"""The worker's one-to-one admin: their times and the families' requests, and the home page's count."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.recurrence import LOCAL_TZ
from messaging.models import OutboundMessage
from support import services
from support.models import SupportSlot
from support.notify import SupportMessageKind
from tests.security.site import _user

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"


def ask(slot, name="Amina", about="Sleep has been hard"):
    return services.support_request_create(
        slot=slot,
        first_name=name,
        email=f"{name.lower()}@example.org",
        phone="",
        texts_agreed=False,
        language="en",
        about=about,
        request_key=uuid.uuid4(),
    )


def test_the_menu_and_the_home_panel_are_for_role_holders_only(client, site):
    ask(site.slot)
    client.force_login(site.sara)
    page = client.get(reverse(HOME)).content.decode()
    assert "One-to-one requests waiting" in page and reverse("support_admin:requests") in page
    assert "1 request needs you" in page

    for other in (site.staff, site.superuser, site.mums_leader):
        client.force_login(other)
        page = client.get(reverse(HOME)).content.decode()
        assert "One-to-one requests waiting" not in page
        assert reverse("support_admin:requests") not in page


def test_the_requests_list_and_page_show_the_workers_own(client, site):
    mine = ask(site.slot, about="Sleep has been hard")
    ask(site.sam_slot, name="Layla", about="Money worries")
    client.force_login(site.sara)

    listing = client.get(reverse("support_admin:requests")).content.decode()
    detail = client.get(reverse("support_admin:request", args=[mine.pk])).content.decode()

    assert reverse("support_admin:request", args=[mine.pk]) in listing
    assert "Sleep has been hard" in detail and "amina@example.org" in detail
    assert "Money worries" not in listing + detail


def test_the_worker_offers_another_time_from_the_request_page(client, site):
    request = ask(site.slot)
    client.force_login(site.sara)

    response = client.post(reverse("support_admin:request_offer", args=[request.pk]), {"slot": site.later_slot.pk})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.offered_slot) == ("offered", site.later_slot)
    assert OutboundMessage.objects.filter(kind=SupportMessageKind.OFFERED).exists()


def test_another_workers_time_cannot_be_offered(client, site):
    request = ask(site.slot)
    client.force_login(site.sara)

    response = client.post(reverse("support_admin:request_offer", args=[request.pk]), {"slot": site.sam_slot.pk})

    assert response.status_code == 200  # the form again, with the choice refused
    request.refresh_from_db()
    assert request.status == "asked"


def test_a_note_longer_than_500_characters_is_refused_on_the_form(client, site):
    request = ask(site.slot)
    client.force_login(site.sara)

    response = client.post(reverse("support_admin:request_note", args=[request.pk]), {"note": "x" * 501})

    assert response.status_code == 200 and "at most 500 characters" in response.content.decode()
    client.post(reverse("support_admin:request_note", args=[request.pk]), {"note": "Talked through sleep"})
    request.refresh_from_db()
    assert request.note == "Talked through sleep"


def test_the_worker_marks_a_past_session_held(client, site):
    request = ask(site.slot)
    SupportSlot.objects.filter(pk=site.slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    client.force_login(site.sara)

    client.post(reverse("support_admin:request_mark", args=[request.pk]), {"held": "yes"})

    request.refresh_from_db()
    assert request.status == "held"


def test_weekly_times_are_added_at_the_same_clock_time(client, site):
    client.force_login(site.sara)
    day = timezone.localdate() + dt.timedelta(days=7)

    response = client.post(
        reverse("support_admin:slot_add"),
        {
            "area": site.croydon.pk,
            "date": day.isoformat(),
            "start_time": "10:00",
            "length_minutes": "50",
            "mode": "phone",
            "repeat_weeks": "3",
        },
    )

    assert response.status_code == 302
    added = SupportSlot.objects.filter(series__isnull=False).order_by("starts_at")
    assert [slot.starts_at.astimezone(LOCAL_TZ).time() for slot in added] == [dt.time(10)] * 4
    assert {slot.worker for slot in added} == {site.sara}


def test_withdrawing_a_held_time_asks_first_then_tells_the_family(client, site):
    request = ask(site.slot)
    client.force_login(site.sara)

    confirm = client.get(reverse("support_admin:slot_withdraw", args=[site.slot.pk])).content.decode()
    assert "A family has asked for this time" in confirm
    client.post(reverse("support_admin:slot_withdraw", args=[site.slot.pk]))

    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert OutboundMessage.objects.filter(kind=SupportMessageKind.WITHDRAWN, recipient_id=request.contact_id).exists()


def test_staff_add_a_role_and_the_person_can_reach_the_one_to_one_admin(client, site):
    newcomer = _user("newcomer")
    client.force_login(site.staff)
    response = client.post(
        reverse("support_roles:add"), {"area": site.borders.pk, "user": newcomer.pk, "role": "worker"}
    )
    assert response.status_code == 302

    # The list links to no edit page: a role is added or removed, never edited.
    listing = client.get(reverse("support_roles:index")).content.decode()
    assert "newcomer" in listing and "/edit/" not in listing

    client.force_login(newcomer)
    assert client.get(reverse("support_admin:slots")).status_code == 200


def test_a_second_lead_for_a_programme_is_refused(client, site):
    client.force_login(site.staff)

    response = client.post(reverse("support_roles:add"), {"area": site.croydon.pk, "user": site.sam.pk, "role": "lead"})

    assert response.status_code == 200
    assert "already has a safeguarding lead" in response.content.decode()


def test_the_home_page_of_a_role_holder_costs_the_same_for_one_request_or_many(
    client, site, django_assert_max_num_queries
):
    ask(site.slot)
    client.force_login(site.lina)
    client.get(reverse(HOME))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(HOME))
    ask(site.later_slot, name="Layla")
    ask(site.sam_slot, name="Mina")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse(HOME))
