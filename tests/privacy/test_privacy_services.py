"""Export, erasure and automatic removal of a family's personal details (events/services/privacy.py)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from events.models import Booking, Contact, WaitingEntry
from events.models.bookings import BookingStatus, WaitingStatus
from events.selectors.privacy import contact_for_feed_token, contact_for_manage_token
from events.services.bookings import booking_create
from events.services.privacy import (
    contact_erase,
    contact_export,
    contact_private_links_revoke,
    personal_data_purge,
)
from events.services.waiting_list import waiting_join
from messaging.selectors import messages_for
from tests.security.site import family_book, session_at

NOW = timezone.now()


def days_ago(days):
    return NOW - dt.timedelta(days=days)


def distinct_families(session_page):
    return Booking.objects.filter(session__page=session_page).values("household_ref").distinct().count()


class TestExport:
    def test_holds_every_detail_the_family_gave_across_their_requests(self, site):
        second = booking_create(
            session=site.mums_session,
            first_name="Amina",
            email="AMINA@example.org",
            adults=1,
            children=2,
            children_ages="1 and 3",
            access_needs="Buggy space",
            consent=True,
        )
        assert second.contact.household_ref == site.amina.household_ref
        # Both emailed links were opened, so the mailbox is theirs.
        Contact.objects.filter(pk__in=[site.amina.pk, second.contact.pk]).update(email_proven_at=NOW)

        export = contact_export(contact=site.amina, address_proven=True)

        assert [c["email"] for c in export["contact_details"]] == ["amina@example.org", "AMINA@example.org"]
        needs = sorted(b["access_needs"] for b in export["bookings"])
        assert needs == ["Buggy space", "Step-free entrance"]
        assert {b["group_or_workshop"] for b in export["bookings"]} == {"Thursday mums"}
        assert any(b["children_ages"] == "1 and 3" for b in export["bookings"])
        assert [e["about"] for e in export["emails"]] == ["Booking confirmed"]

    def test_is_plain_json_without_secret_links_or_other_families(self, site):
        text = json.dumps(contact_export(contact=site.amina))

        assert site.amina.manage_token not in text
        assert site.amina.feed_token not in text
        assert "Fiona" not in text
        assert "07700" not in text

    def test_includes_waiting_list_places(self, site):
        site.mums_session.adult_places = 1
        site.mums_session.save()
        outcome = waiting_join(
            session=site.mums_session,
            first_name="Hodan",
            email="hodan@example.org",
            access_needs="Wheelchair",
            consent=True,
        )

        export = contact_export(contact=outcome.contact)

        assert export["bookings"] == []
        assert [(w["status"], w["access_needs"]) for w in export["waiting_list"]] == [("Waiting", "Wheelchair")]


class TestErase:
    def test_removes_personal_details_and_keeps_the_anonymous_counts(self, site):
        families_before = distinct_families(site.mums)
        household = site.amina.household_ref

        counts = contact_erase(contact=site.amina)

        assert counts["contacts"] == 1
        assert not Contact.objects.filter(household_ref=household).exists()
        booking = Booking.objects.get(pk=site.amina_booking.pk)
        assert booking.contact is None
        assert booking.household_ref == household
        assert (booking.adults, booking.access_needs) == (1, "")
        assert distinct_families(site.mums) == families_before

    def test_gives_up_places_still_to_come_so_the_next_family_waiting_gets_one(self, site):
        site.mums_session.adult_places = 1
        site.mums_session.save()
        waiting = waiting_join(
            session=site.mums_session, first_name="Hodan", email="hodan@example.org", consent=True
        ).entry

        contact_erase(contact=site.amina)

        assert Booking.objects.get(pk=site.amina_booking.pk).status == BookingStatus.CANCELLED
        waiting.refresh_from_db()
        assert waiting.status == WaitingStatus.PROMOTED
        assert waiting.booking.status == BookingStatus.CONFIRMED

    def test_leaves_waiting_lists_and_deletes_emails_not_yet_sent(self, site):
        site.peebles_session.adult_places = 1
        site.peebles_session.save()
        entry = waiting_join(
            session=site.peebles_session, first_name="Amina", email="amina@example.org", consent=True
        ).entry
        aminas = list(Contact.objects.filter(household_ref=site.amina.household_ref))
        assert messages_for(aminas).exists()
        Contact.objects.filter(email="amina@example.org").update(email_proven_at=NOW)
        site.amina.refresh_from_db()

        contact_erase(contact=site.amina, address_proven=True)

        entry.refresh_from_db()
        assert (entry.status, entry.contact) == (WaitingStatus.LEFT, None)
        assert not messages_for(aminas).exists()

    def test_leaves_other_families_alone(self, site):
        contact_erase(contact=site.amina)

        assert Booking.objects.get(pk=site.fiona_booking.pk).contact == site.fiona

    def test_private_link_and_personal_feed_stop_working(self, site):
        manage, feed = site.amina.manage_token, site.amina.feed_token
        assert contact_for_manage_token(manage) == site.amina

        contact_erase(contact=site.amina)

        assert contact_for_manage_token(manage) is None
        assert contact_for_feed_token(feed) is None


class TestPurge:
    def past_family(self, site, *, days, name, access_needs="Lift"):
        """A family who booked a week before a session `days` ago, and has not been back."""
        session = session_at(site.peebles, days_ago(days))
        contact, booking = family_book(
            session=session, first_name=name, email=f"{name.lower()}@example.org", access_needs=access_needs
        )
        Contact.objects.filter(pk=contact.pk).update(created_at=days_ago(days + 7))
        return contact, booking

    def test_a_return_visit_by_someone_who_only_typed_the_address_does_not_keep_older_details(self, site):
        old, _ = self.past_family(site, days=500, name="Morag")
        Contact.objects.filter(pk=old.pk).update(email_proven_at=days_ago(507))
        family_book(session=site.peebles_session, first_name="Morag", email="morag@example.org")

        assert personal_data_purge()["contacts"] == 1
        assert not Contact.objects.filter(pk=old.pk).exists()

    def test_removes_families_whose_last_session_was_over_a_year_ago(self, site):
        old, old_booking = self.past_family(site, days=400, name="Morag")
        recent, _ = self.past_family(site, days=300, name="Isla")

        counts = personal_data_purge()

        assert counts["contacts"] == 1
        assert not Contact.objects.filter(pk=old.pk).exists()
        assert Contact.objects.filter(pk=recent.pk).exists()
        old_booking.refresh_from_db()
        assert (old_booking.contact, old_booking.access_needs) == (None, "")
        assert old_booking.household_ref == old.household_ref

    def test_a_family_that_came_back_keeps_its_older_details_until_a_year_after_the_latest(self, site):
        old, _ = self.past_family(site, days=500, name="Morag")
        family_book(session=site.peebles_session, first_name="Morag", email="Morag@example.org")
        Contact.objects.filter(email__iexact="morag@example.org").update(email_proven_at=NOW)

        assert personal_data_purge()["contacts"] == 0
        assert Contact.objects.filter(pk=old.pk).exists()

    def test_families_booked_for_sessions_to_come_are_kept(self, site):
        personal_data_purge()

        assert Contact.objects.filter(pk__in=[site.amina.pk, site.fiona.pk]).count() == 2

    @override_settings(GATHER_PERSONAL_DATA_RETENTION_DAYS=30)
    def test_the_retention_time_is_a_setting(self, site):
        old, _ = self.past_family(site, days=45, name="Morag")

        assert personal_data_purge()["contacts"] == 1
        assert not Contact.objects.filter(pk=old.pk).exists()

    def test_clears_old_notes_on_walk_ins_with_no_contact(self, site):
        session = session_at(site.peebles, days_ago(400))
        walk_in = Booking.objects.create(
            session=session, household_ref=site.fiona.household_ref, walk_in=True, access_needs="Hearing loop"
        )

        personal_data_purge()

        walk_in.refresh_from_db()
        assert walk_in.access_needs == ""

    def test_a_second_run_finds_nothing(self, site):
        self.past_family(site, days=400, name="Morag")
        personal_data_purge()

        assert personal_data_purge() == {
            "contacts": 0,
            "bookings": 0,
            "waiting_entries": 0,
            "old_notes": 0,
            "support_requests_kept_as_counts": 0,
            "support_requests_removed": 0,
        }

    def test_keeps_attendance_for_the_funder_report(self, site):
        _, booking = self.past_family(site, days=400, name="Morag")
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.ATTENDED)
        families_before = distinct_families(site.peebles)

        personal_data_purge()

        assert distinct_families(site.peebles) == families_before
        assert Booking.objects.filter(status=BookingStatus.ATTENDED, contact=None).count() == 1

    def test_command_says_what_it_removed_and_dry_run_changes_nothing(self, site, capsys):
        old, _ = self.past_family(site, days=400, name="Morag")

        call_command("purge_personal_data", "--dry-run")
        assert "1 families' details are older than 365 days" in capsys.readouterr().out
        assert Contact.objects.filter(pk=old.pk).exists()

        call_command("purge_personal_data")
        assert "Removed the details of 1 families" in capsys.readouterr().out
        assert not Contact.objects.filter(pk=old.pk).exists()


class TestPrivateLinks:
    @override_settings(GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION=14)
    def test_a_private_link_works_until_two_weeks_after_the_last_session(self, site):
        session_end = site.mums_session.end
        token = site.amina.manage_token

        assert contact_for_manage_token(token, now=session_end + dt.timedelta(days=13)) == site.amina
        assert contact_for_manage_token(token, now=session_end + dt.timedelta(days=15)) is None

    def test_a_personal_feed_expires_the_same_way(self, site):
        token = site.amina.feed_token

        assert contact_for_feed_token(token) == site.amina
        assert contact_for_feed_token(token, now=site.mums_session.end + dt.timedelta(days=60)) is None

    def test_a_waiting_list_place_keeps_the_link_working(self, site):
        site.peebles_session.adult_places = 1
        site.peebles_session.save()
        contact = waiting_join(
            session=site.peebles_session, first_name="Hodan", email="hodan@example.org", consent=True
        ).contact

        assert contact_for_manage_token(contact.manage_token) == contact

    def test_revoking_stops_both_links_at_once_and_gives_new_ones(self, site):
        manage, feed = site.amina.manage_token, site.amina.feed_token

        contact_private_links_revoke(contact=site.amina)

        assert contact_for_manage_token(manage) is None
        assert contact_for_feed_token(feed) is None
        assert contact_for_manage_token(site.amina.manage_token) == site.amina
        assert site.amina.feed_token != feed

    @pytest.mark.parametrize("token", ["", "x", "a" * 65, "' OR 1=1 --", "\x00"])
    def test_made_up_tokens_open_nothing(self, site, token):
        assert contact_for_manage_token(token) is None
        assert contact_for_feed_token(token) is None

    def test_tokens_are_long_and_different_for_every_family(self, site):
        tokens = [site.amina.manage_token, site.amina.feed_token, site.fiona.manage_token, site.fiona.feed_token]

        assert len(set(tokens)) == 4
        assert all(len(token) >= 43 for token in tokens)


def test_waiting_entries_are_detached_not_deleted(site):
    site.peebles_session.adult_places = 1
    site.peebles_session.save()
    entry = waiting_join(
        session=site.peebles_session, first_name="Hodan", email="hodan@example.org", consent=True
    ).entry

    contact_erase(contact=entry.contact)

    assert WaitingEntry.objects.filter(pk=entry.pk, contact=None).exists()
