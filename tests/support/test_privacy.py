"""One-to-one requests in the family's export, and gone with their erasure and the purge; held sessions still count."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Contact
from events.services.privacy import contact_erase, contact_export, personal_data_purge
from messaging.models import OutboundMessage
from support import services
from support.models import SupportRequest, SupportSlot
from support.selectors import support_sessions_held

pytestmark = pytest.mark.django_db

ABOUT = "Feeling low since the move"


def ask(slot, name="Rukhsana"):
    return services.support_request_create(
        slot=slot,
        first_name=name,
        email=f"{name.lower()}@example.org",
        phone="",
        texts_agreed=False,
        language="ur",
        about=ABOUT,
        request_key=uuid.uuid4(),
    )


def held(request, *, days_ago=1):
    start = timezone.now() - dt.timedelta(days=days_ago)
    SupportSlot.objects.filter(pk=request.slot_id).update(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    return services.support_request_mark(request=request, held=True, by=request.worker)


def test_the_familys_own_export_holds_their_request_their_words_and_the_workers_note(site):
    request = ask(site.slot)
    services.support_note_set(request=request, note="Follow up about the health visitor", by=site.sara)

    export = contact_export(contact=request.contact)

    [row] = export["one_to_one_requests"]
    assert row["what_you_would_like_help_with"] == ABOUT
    assert row["worker_note"] == "Follow up about the health visitor"
    assert row["how"] == "By phone" and row["status"] == "Asked"
    assert export["field_names"]["worker_note"] == "The worker's note"


@pytest.mark.parametrize(("who", "sees"), [("staff", False), ("superuser", False), ("sara", True), ("lina", True)])
def test_a_staff_export_holds_the_request_only_for_its_worker_and_lead(site, who, sees):
    request = ask(site.slot)

    export = contact_export(contact=request.contact, viewer=getattr(site, who))

    assert bool(export["one_to_one_requests"]) is sees


@pytest.mark.parametrize(("who", "shown"), [("staff", False), ("superuser", False), ("sam", False), ("lina", True)])
def test_the_familys_data_page_shows_a_request_only_to_the_worker_and_lead(client, site, who, shown):
    request = ask(site.slot)
    client.force_login(getattr(site, who))

    response = client.get(reverse("events_privacy:contact", args=[request.contact_id]))

    if shown:
        assert response.status_code == 200 and "One-to-one requests (1)" in response.content.decode()
    else:
        # The family is known only through the request: the page itself would tell.
        assert response.status_code in (302, 403)
        assert ABOUT not in response.content.decode()


def test_erasure_removes_open_requests_and_keeps_held_ones_as_anonymous_counts(site):
    open_request = ask(site.slot)
    past = held(ask(site.later_slot, "Layla"))
    day = timezone.localdate(past.slot.starts_at)

    contact_erase(contact=open_request.contact)
    contact_erase(contact=past.contact)

    assert not SupportRequest.objects.filter(pk=open_request.pk).exists()
    past.refresh_from_db()
    assert (past.contact, past.about, past.note, past.language) == (None, "", "", "")
    assert support_sessions_held(first=day, last=day) == {site.croydon.pk: 1}
    assert not OutboundMessage.objects.filter(about_id__in=[open_request.pk, past.pk]).exists()
    assert not Contact.objects.filter(first_name__in=["Rukhsana", "Layla"]).exists()


def test_the_purge_anonymises_requests_long_finished(site, settings):
    past = held(ask(site.slot), days_ago=settings.GATHER_PERSONAL_DATA_RETENTION_DAYS + 2)
    SupportRequest.objects.filter(pk=past.pk).update(note="Talked through sleep")
    recent = held(ask(site.later_slot, "Layla"), days_ago=3)

    counts = personal_data_purge()

    past.refresh_from_db()
    recent.refresh_from_db()
    assert (past.about, past.note, past.contact_id) == ("", "", None)
    assert recent.about == ABOUT and recent.contact_id is not None
    assert counts["support_requests_kept_as_counts"] == 1
    assert personal_data_purge()["support_requests_kept_as_counts"] == 0
