"""Emails to leaders and coordinators who asked to hear when a family books or cancels on their groups."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from wagtail.users.models import UserProfile

from events.admin.dashboard import LeaderEmailsSettingsPanel
from events.models import Booking, Contact, LeaderMessageKind
from events.services.bookings import booking_cancel
from events.services.leader_preferences import leader_preferences_set
from events.services.privacy import contact_erase, personal_data_purge
from events.services.waiting_list import waiting_join
from events.services_notify import leaders_notify
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_send
from tests.events.booking_support import book, family, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = two_area_site()
    site.leader = user_in("fiona", group_leader_role_ensure(site.peebles))
    site.other_leader = user_in("grace", group_leader_role_ensure(site.mums))
    site.coordinator = user_in("heather", area_coordinator_role_ensure(site.borders))
    for user in (site.leader, site.other_leader, site.coordinator):
        leader_preferences_set(user=user, emails_on_bookings=True)
    site.session = session_make(site.peebles, days=5, places=3)
    return site


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def leader_emails(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def amina_books(site, commit, **overrides):
    details = {"phone": "07700 900123", "access_needs": "Step-free entrance please", "children": 2, **overrides}
    with commit():
        return book(site.session, first_name="Amina", **details).bookings[0]


class TestWhoIsTold:
    def test_the_groups_leader_and_area_coordinator_who_asked_are_emailed_and_nobody_else(self, site, commit):
        amina_books(site, commit)

        assert len(leader_emails(site.leader)) == 1
        assert len(leader_emails(site.coordinator)) == 1
        assert leader_emails(site.other_leader) == []

    def test_a_leader_who_did_not_ask_gets_nothing(self, site, commit):
        leader_preferences_set(user=site.leader, emails_on_bookings=False)
        quiet = user_in("isla", group_leader_role_ensure(site.peebles))

        amina_books(site, commit)

        assert leader_emails(site.leader) == [] and leader_emails(quiet) == []
        assert len(leader_emails(site.coordinator)) == 1

    def test_an_inactive_leader_gets_nothing(self, site, commit):
        site.leader.is_active = False
        site.leader.save()

        amina_books(site, commit)

        assert leader_emails(site.leader) == []

    def test_a_leader_who_lost_the_group_before_the_email_went_gets_nothing(self, site):
        mail.outbox.clear()
        book(site.session, first_name="Amina")  # queued, not yet sent
        site.leader.groups.clear()
        message = OutboundMessage.objects.get(kind=LeaderMessageKind.BOOKED, recipient_id=site.leader.pk)

        message_send(message_id=message.pk)

        message.refresh_from_db()
        assert message.status == MessageStatus.SKIPPED and leader_emails(site.leader) == []


class TestWhatTheEmailSays:
    def test_it_names_the_session_first_name_party_and_places_left_and_links_the_register(self, site, commit):
        amina_books(site, commit)

        [email] = leader_emails(site.leader)
        assert "Amina booked" in email.subject and "Peebles Toddlers" in email.subject
        assert "Amina booked a place." in email.body
        assert "For 1 adult and 2 children" in email.body
        assert "2 places left." in email.body and "0 people waiting." in email.body
        register = reverse("events_session:register", args=[site.session.pk])
        assert register in email.body
        assert register in email.alternatives[0].content

    def test_it_carries_no_way_to_reach_the_family_nor_their_needs(self, site, commit):
        amina_books(site, commit)

        [email] = leader_emails(site.leader)
        everything = email.subject + email.body + email.alternatives[0].content
        for private in ("amina@example.org", "07700", "900123", "Step-free"):
            assert private not in everything


class TestEachChange:
    def test_a_family_cancelling_is_told_once_even_if_they_cancel_twice(self, site, commit):
        booking = amina_books(site, commit)
        mail.outbox.clear()

        with commit():
            booking_cancel(booking=booking)
        with commit():
            booking_cancel(booking=Booking.objects.get(pk=booking.pk))

        [email] = leader_emails(site.leader)
        assert "Amina cancelled their booking." in email.body and "3 places left." in email.body

    def test_staff_cancelling_a_booking_send_leaders_nothing(self, site, commit):
        booking = amina_books(site, commit)
        mail.outbox.clear()

        with commit():
            booking_cancel(booking=booking, by=site.staff)

        assert leader_emails(site.leader) == []

    def test_joining_the_waiting_list_and_being_given_a_place_are_told(self, site, commit):
        first = amina_books(site, commit, adults=3, children=0, phone="")
        with commit():
            waiting_join(session=site.session, **family(first_name="Bea", email="bea@example.org"))
        assert "Bea joined the waiting list." in leader_emails(site.leader)[-1].body
        mail.outbox.clear()

        with commit():
            booking_cancel(booking=first)

        bodies = [email.body for email in leader_emails(site.leader)]
        assert any("Amina cancelled their booking." in body for body in bodies)
        assert any("Bea got a place from the waiting list." in body for body in bodies)

    def test_the_same_booking_is_never_told_twice(self, site, commit):
        booking = amina_books(site, commit)

        with commit():
            leaders_notify(kind=LeaderMessageKind.BOOKED, session=site.session, about=booking)

        assert OutboundMessage.objects.filter(kind=LeaderMessageKind.BOOKED, recipient_id=site.leader.pk).count() == 1


class TestErasure:
    def test_erasing_a_family_removes_what_leaders_were_to_be_told_about_them(self, site, commit):
        booking = amina_books(site, commit)
        told = OutboundMessage.objects.filter(about_id=booking.pk, kind__startswith="leader_")
        assert told.count() == 2

        contact_erase(contact=booking.contact)

        assert not OutboundMessage.objects.filter(kind__startswith="leader_").exists()

    def test_the_yearly_purge_removes_them_too(self, site, settings):
        old = session_make(site.peebles, days=-(settings.GATHER_PERSONAL_DATA_RETENTION_DAYS + 30))
        contact = Contact.objects.create(first_name="Amina", email="amina@example.org", consent_at=old.start)
        Contact.objects.filter(pk=contact.pk).update(created_at=old.start)
        booking = Booking.objects.create(session=old, contact=contact, household_ref=contact.household_ref)
        leaders_notify(kind=LeaderMessageKind.BOOKED, session=old, about=booking)
        assert OutboundMessage.objects.filter(kind=LeaderMessageKind.BOOKED).count() == 2

        personal_data_purge()

        assert not OutboundMessage.objects.filter(kind__startswith="leader_").exists()
        assert Booking.objects.filter(pk=booking.pk, contact=None).exists()


class TestTheChoice:
    def test_a_leader_turns_the_emails_on_from_a_small_form(self, client, site):
        leader = user_in("jan", group_leader_role_ensure(site.peebles))
        client.force_login(leader)

        page = client.get(reverse("events_leader_emails")).content.decode()
        assert "Email me when someone books or cancels on my groups" in page
        response = client.post(reverse("events_leader_emails"), {"emails_on_bookings": "on"})

        assert response.status_code == 302
        assert leader.leader_preferences.emails_on_bookings

    def test_the_choice_is_on_the_account_page_too(self, client, site):
        client.force_login(site.leader)

        page = client.get(reverse("wagtailadmin_account")).content.decode()

        assert "Booking emails" in page and 'name="leader_emails-emails_on_bookings"' in page

    def test_saving_the_account_page_saves_the_choice(self, rf, site):
        request = rf.post("/admin/account/", {"leader_emails-emails_on_bookings": ""})
        request.user = site.leader
        panel = LeaderEmailsSettingsPanel(request, site.leader, UserProfile.get_for_user(site.leader))

        form = panel.get_form()
        assert form.is_bound and form.is_valid()
        form.save()

        site.leader.leader_preferences.refresh_from_db()
        assert not site.leader.leader_preferences.emails_on_bookings

    def test_someone_without_groups_cannot_open_the_form(self, client, site):
        volunteer = user_in("kim")
        volunteer.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        client.force_login(volunteer)

        response = client.get(reverse("events_leader_emails"))

        assert response.status_code in (302, 403)
        assert "Email me when someone books" not in client.get(reverse("wagtailadmin_account")).content.decode()
