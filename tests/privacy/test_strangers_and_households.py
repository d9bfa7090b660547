"""A stranger who types someone else's phone number or email address cannot reach that family.

Typed details still join the two for the funder counts, which show nobody anything.
"""

import datetime as dt
import json
import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from events.emails import email_render
from events.models import Booking, Contact, Session
from events.models.bookings import BookingStatus
from events.selectors.funders import funder_figures
from events.selectors.privacy import contact_for_feed_token, contact_for_manage_token
from events.services.bookings import booking_create
from events.services.privacy import contact_erase, contact_export, email_proof, personal_data_purge
from messaging.selectors import messages_for
from tests.security.site import session_at

VICTIM_NEEDS = "Postnatal depression, please sit me near the door"

# (victim's details, the stranger's typing of the same phone number or address)
SAME_DETAILS_TYPED_ANOTHER_WAY = {
    "phone with dashes": ({"phone": "07700 900111"}, {"phone": "07700-900-111"}),
    "phone with country code": ({"phone": "07700 900111"}, {"phone": "+44 7700 900111"}),
    "country code first": ({"phone": "+44 7700 900111"}, {"phone": "07700 900111"}),
    "email in capitals": ({"email": "layla@example.org"}, {"email": "LAYLA@Example.ORG"}),
    "email in lower case": ({"email": "Layla@Example.org"}, {"email": "layla@example.org"}),
}


def _book(session, *, first_name, access_needs="", **details):
    return booking_create(
        session=session,
        first_name=first_name,
        email=details.get("email", ""),
        phone=details.get("phone", ""),
        access_needs=access_needs,
        consent=True,
        request_key=uuid.uuid4(),
    )


@pytest.fixture(params=list(SAME_DETAILS_TYPED_ANOTHER_WAY), ids=list(SAME_DETAILS_TYPED_ANOTHER_WAY))
def attack(request, site):
    victim_details, stranger_details = SAME_DETAILS_TYPED_ANOTHER_WAY[request.param]
    victim = _book(site.mums_session, first_name="Layla", access_needs=VICTIM_NEEDS, **victim_details)
    stranger = _book(site.peebles_session, first_name="Mallory", **stranger_details)
    return SimpleNamespace(
        victim=victim.contact,
        victim_booking=victim.bookings[0],
        stranger=stranger.contact,
        stranger_booking=stranger.bookings[0],
        victim_address=victim_details.get("email") or victim_details["phone"],
    )


def _victim_unchanged(attack):
    victim = Contact.objects.get(pk=attack.victim.pk)
    assert (victim.manage_token, victim.feed_token) == (attack.victim.manage_token, attack.victim.feed_token)
    assert contact_for_manage_token(victim.manage_token) == victim
    assert contact_for_feed_token(victim.feed_token) == victim
    booking = Booking.objects.get(pk=attack.victim_booking.pk)
    assert (booking.contact_id, booking.status, booking.access_needs) == (
        victim.pk,
        BookingStatus.CONFIRMED,
        VICTIM_NEEDS,
    )


class TestAStrangerWithSomeoneElsesDetails:
    def test_asking_for_a_new_link_leaves_the_victims_link_and_calendar_working(self, client, attack):
        response = client.post(reverse("events:private_link_reset", args=[attack.stranger.manage_token]))

        assert response.status_code == 302
        _victim_unchanged(attack)
        assert client.get(reverse("events:booking_manage", args=[attack.victim.manage_token])).status_code == 200
        assert client.get(reverse("events:personal_ical", args=[attack.victim.feed_token])).status_code == 200

    def test_their_bookings_page_and_calendar_show_only_their_own_booking(self, client, attack):
        page = client.get(reverse("events:booking_manage", args=[attack.stranger.manage_token])).content.decode()
        feed = client.get(reverse("events:personal_ical", args=[attack.stranger.feed_token])).content.decode()

        assert "Peebles parents" in page and "Peebles parents" in feed
        for text in [page, feed]:
            assert "Thursday mums" not in text
            assert "Postnatal" not in text
            assert "Layla" not in text

    def test_opening_their_own_emailed_link_does_not_join_them_to_the_victim(self, client, attack):
        proof = email_proof(attack.stranger)
        manage = reverse("events:booking_manage", args=[attack.stranger.manage_token])
        client.get(manage, {"proof": proof})

        client.post(reverse("events:private_link_reset", args=[attack.stranger.manage_token]) + f"?proof={proof}")

        _victim_unchanged(attack)

    def test_their_data_export_holds_only_what_they_typed(self, attack):
        text = json.dumps(contact_export(contact=attack.stranger))

        assert "Mallory" in text
        assert "Layla" not in text and "Postnatal" not in text and "Thursday mums" not in text

    def test_erasing_them_leaves_the_victim(self, attack):
        counts = contact_erase(contact=attack.stranger)

        assert counts["contacts"] == 1
        assert not Contact.objects.filter(pk=attack.stranger.pk).exists()
        _victim_unchanged(attack)

    def test_the_staff_familys_data_page_and_download_leave_out_the_victim(self, client, site, attack):
        client.force_login(site.staff)

        page = client.get(reverse("events_privacy:contact", args=[attack.stranger.pk])).content.decode()
        download = client.get(reverse("events_privacy:contact_export", args=[attack.stranger.pk])).content.decode()

        for text in [page, download]:
            assert "Mallory" in text
            assert "Layla" not in text and "Postnatal" not in text and "Thursday mums" not in text

    def test_staff_erasing_them_leaves_the_victim(self, client, site, attack):
        client.force_login(site.staff)

        client.post(reverse("events_privacy:contact", args=[attack.stranger.pk]), {"action": "erase", "confirm": "yes"})

        assert not Contact.objects.filter(pk=attack.stranger.pk).exists()
        _victim_unchanged(attack)

    def test_staff_stopping_their_links_leaves_the_victims(self, client, site, attack):
        client.force_login(site.staff)

        client.post(reverse("events_privacy:contact", args=[attack.stranger.pk]), {"action": "revoke_links"})

        _victim_unchanged(attack)

    def test_the_funder_report_still_counts_them_as_one_family(self, site, attack):
        # Both come to one session, which then takes place.
        Booking.objects.filter(pk=attack.stranger_booking.pk).update(session=site.mums_session)
        start = timezone.now() - dt.timedelta(days=1)
        Session.objects.filter(pk=site.mums_session.pk).update(start=start, end=start + dt.timedelta(hours=2))
        Booking.objects.filter(pk__in=[attack.victim_booking.pk, attack.stranger_booking.pk]).update(
            status=BookingStatus.ATTENDED
        )
        day = timezone.localdate(start)

        [row] = funder_figures(user=site.staff, first=day, last=day).groups

        assert row.families == 1


class TestAFamilyThatProvedItsAddress:
    """Two bookings by one family from one mailbox: opening the emailed links joins them, and only them."""

    @pytest.fixture
    def family(self, client, site):
        first = _book(site.mums_session, first_name="Layla", email="layla@example.org", access_needs=VICTIM_NEEDS)
        second = _book(site.peebles_session, first_name="Layla", email="Layla@example.org")
        typed_over = _book(
            session_at(site.mums, site.mums_session.start + dt.timedelta(days=7)),
            first_name="Mallory",
            email="LAYLA@EXAMPLE.ORG",
        )
        return SimpleNamespace(first=first.contact, second=second.contact, typed_over=typed_over)

    def open_emailed_link(self, client, contact):
        body = email_render(messages_for([contact]).first()).text
        link = urlsplit(next(word for word in body.split() if "/booking/" in word))
        assert link.query == f"proof={email_proof(contact)}"
        return client.get(f"{link.path}?{link.query}")

    def test_only_the_emailed_link_proves_the_address(self, client, family):
        client.get(reverse("events:booking_manage", args=[family.first.manage_token]))
        client.get(reverse("events:booking_manage", args=[family.first.manage_token]), {"proof": "forged"})
        assert Contact.objects.get(pk=family.first.pk).email_proven_at is None

        assert self.open_emailed_link(client, family.first).status_code == 200
        assert Contact.objects.get(pk=family.first.pk).email_proven_at is not None

    def test_staff_see_and_export_both_bookings_but_not_one_a_stranger_typed_the_address_into(
        self, client, site, family
    ):
        self.open_emailed_link(client, family.first)
        self.open_emailed_link(client, family.second)
        client.force_login(site.staff)

        data = client.get(reverse("events_privacy:contact_export", args=[family.second.pk])).json()

        assert [c["first_name"] for c in data["contact_details"]] == ["Layla", "Layla"]
        assert len(data["bookings"]) == 2
        assert "Mallory" not in json.dumps(data)

    def test_a_new_link_from_the_emailed_link_resets_both(self, client, family):
        self.open_emailed_link(client, family.first)
        self.open_emailed_link(client, family.second)
        old = {c.pk: c.manage_token for c in [family.first, family.second, family.typed_over.contact]}

        url = reverse("events:private_link_reset", args=[family.first.manage_token])
        client.post(url + f"?proof={email_proof(family.first)}")

        now = dict(Contact.objects.filter(pk__in=old).values_list("pk", "manage_token"))
        assert now[family.first.pk] != old[family.first.pk]
        assert now[family.second.pk] != old[family.second.pk]
        assert now[family.typed_over.contact.pk] == old[family.typed_over.contact.pk]

    def test_a_plain_link_of_a_proven_contact_still_acts_on_that_contact_alone(self, client, family):
        # The link was shown to whoever sent the form; the mailbox owner opening the
        # emailed copy must not hand that person the rest of the family.
        self.open_emailed_link(client, family.first)
        self.open_emailed_link(client, family.typed_over.contact)
        before = Contact.objects.get(pk=family.first.pk).manage_token

        client.post(reverse("events:private_link_reset", args=[family.typed_over.contact.manage_token]))
        page = client.get(
            reverse("events:booking_manage", args=[family.typed_over.contact.manage_token])
        ).content.decode()

        assert Contact.objects.get(pk=family.first.pk).manage_token == before
        assert "Postnatal" not in page

    def test_the_purge_keeps_a_proven_family_together(self, client, site, family):
        self.open_emailed_link(client, family.first)
        self.open_emailed_link(client, family.second)
        long_ago = timezone.now() - dt.timedelta(days=800)
        Contact.objects.filter(pk=family.first.pk).update(created_at=long_ago)
        Session.objects.filter(pk=site.mums_session.pk).update(start=long_ago, end=long_ago + dt.timedelta(hours=2))

        personal_data_purge()

        assert Contact.objects.filter(pk=family.first.pk).exists()


class TestNewLinkLimits:
    def test_one_contact_can_ask_a_few_times_an_hour(self, client, site):
        for _ in range(3):
            site.amina.refresh_from_db()
            response = client.post(reverse("events:private_link_reset", args=[site.amina.manage_token]))
            assert response.status_code == 302
        site.amina.refresh_from_db()

        response = client.post(reverse("events:private_link_reset", args=[site.amina.manage_token]))

        assert response.status_code == 429
        assert Contact.objects.get(pk=site.amina.pk).manage_token == site.amina.manage_token

    def test_contacts_made_with_one_phone_number_share_an_allowance(self, client, site):
        contacts = [
            _book(site.peebles_session, first_name=f"Typist {n}", phone="07700 900111").contact for n in range(6)
        ]

        statuses = [
            client.post(reverse("events:private_link_reset", args=[contact.manage_token])).status_code
            for contact in contacts
        ]

        assert statuses == [302] * 5 + [429]
