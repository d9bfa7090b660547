"""The admin's home page as a leader sees it: their next sessions, recent changes and failed messages."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, BookingStatus, Contact, MessageKind, SessionStatus, WaitingEntry
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure
from messaging.models import MessageStatus, OutboundMessage
from tests.events.booking_support import session_make, two_area_site, user_in
from tests.factories import group_add, venue_add

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"
# Session, messages, user and permissions, Wagtail's own panels, this page's lists and its new topic ideas.
HOME_QUERIES = 32


@pytest.fixture
def site():
    site = two_area_site()
    site.leader = user_in("fiona", group_leader_role_ensure(site.peebles))
    site.coordinator = user_in("heather", area_coordinator_role_ensure(site.borders))
    return site


def failed_email(booking, kind=MessageKind.REMINDER):
    OutboundMessage.objects.create(
        channel="email", kind=kind, recipient=booking.contact, about=booking, status=MessageStatus.FAILED
    )


def family_books(session, first_name, *, adults=1, children=1, status=BookingStatus.CONFIRMED):
    contact = Contact.objects.create(
        first_name=first_name,
        email=f"{first_name.lower()}@example.org",
        phone="07700 900123",
        consent_at=timezone.now(),
    )
    return Booking.objects.create(
        session=session,
        contact=contact,
        household_ref=contact.household_ref,
        adults=adults,
        children=children,
        status=status,
    )


def family_waits(session, first_name):
    contact = Contact.objects.create(
        first_name=first_name, email=f"{first_name.lower()}@example.org", consent_at=timezone.now()
    )
    return WaitingEntry.objects.create(session=session, contact=contact)


def home(client, user) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel_text(page: BeautifulSoup, panel_id: str) -> str:
    panel = page.find(id=f"{panel_id}-section")
    return " ".join(panel.get_text().split()) if panel else ""


@pytest.fixture
def week(site):
    """Peebles meets today and on Monday-ish (in three days); Mums' Space in two days."""
    site.today = session_make(site.peebles, days=0, at=dt.time(22), hours=1, places=10)
    site.soon = session_make(site.peebles, days=3, places=2)
    site.croydon = session_make(site.mums, days=2)
    family_books(site.soon, "Amina", adults=2, children=1)
    family_waits(site.soon, "Bea")
    family_books(site.croydon, "Chloe")
    return site


def _session_items(page):
    return [" ".join(item.get_text().split()) for item in page.select("#next-sessions-section li")]


class TestNextSessions:
    def test_a_leader_sees_their_own_groups_sessions_with_booked_left_and_waiting(self, client, week):
        page = home(client, week.leader)

        items = _session_items(page)
        assert len(items) == 2
        assert "Peebles Toddlers" in items[1] and "2 booked, 0 places left, 1 waiting" in items[1]
        assert not any("Mums' Space" in item for item in items)
        links = {a["href"] for a in page.select("#next-sessions-section a")}
        assert reverse("events_session:register", args=[week.soon.pk]) in links

    def test_take_the_register_is_offered_on_the_day_only(self, client, week):
        page = home(client, week.leader)

        buttons = [a for a in page.select("#next-sessions-section a.button") if "Take the register" in a.get_text()]
        assert [a["href"] for a in buttons] == [reverse("events_session:register", args=[week.today.pk])]

    def test_a_cancelled_session_says_so_in_words_and_offers_no_register(self, client, week):
        week.today.status, week.today.status_reason = SessionStatus.CANCELLED, "Hall flooded"
        week.today.save()

        page = home(client, week.leader)

        assert "Cancelled: Hall flooded" in _session_items(page)[0]
        assert "Take the register" not in panel_text(page, "next-sessions")

    def test_an_area_coordinator_sees_their_areas_groups(self, client, week):
        walkerburn = group_add(week.borders, "Walkerburn Mums", venue=venue_add("Walkerburn Hall", area=week.borders))
        session_make(walkerburn, days=1)

        text = panel_text(home(client, week.coordinator), "next-sessions")

        assert "Peebles Toddlers" in text and "Walkerburn Mums" in text and "Mums' Space" not in text

    def test_staff_see_every_group_in_a_short_list_with_a_link_to_all(self, client, week):
        for days in range(1, 7):
            session_make(week.mums, days=days, at=dt.time(14))

        page = home(client, week.staff)

        items = _session_items(page)
        assert len(items) == 5
        assert any("Mums' Space" in item for item in items) and any("Peebles" in item for item in items)
        assert page.select_one(f'#next-sessions-section a[href="{reverse("events_session:index")}"]')

    def test_someone_without_groups_sees_none_of_it(self, client, week):
        volunteer = user_in("volunteer")
        volunteer.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )

        page = home(client, volunteer)

        assert page.find(id="next-sessions-section") is None and page.find(id="recent-changes-section") is None


class TestRecentChanges:
    def test_bookings_cancellations_and_waiting_show_newest_first_by_first_name_and_party(self, client, week):
        dana = family_books(week.soon, "Dana", adults=1, children=2)
        dana.status = BookingStatus.CANCELLED
        dana.save()

        text = panel_text(home(client, week.leader), "recent-changes")

        assert text.index("Dana cancelled (3 people)") < text.index("Bea joined the waiting list (1 person)")
        assert text.index("Bea joined the waiting list") < text.index("Amina booked (3 people)")
        assert "Chloe" not in text
        assert "example.org" not in text and "07700" not in text

    def test_changes_older_than_a_week_are_left_out(self, client, week):
        Booking.objects.filter(contact__first_name="Amina").update(created_at=timezone.now() - dt.timedelta(days=8))

        text = panel_text(home(client, week.leader), "recent-changes")

        assert "Amina" not in text and "Bea" in text


class TestSomethingWentWrong:
    def test_an_email_and_a_text_that_failed_for_the_leaders_group_are_shown(self, client, week):
        amina = Booking.objects.get(contact__first_name="Amina")
        for channel in ("email", "text"):
            OutboundMessage.objects.create(
                channel=channel,
                kind=MessageKind.BOOKING_CONFIRMED,
                recipient=amina.contact,
                about=amina,
                status=MessageStatus.FAILED,
                last_error="550 mailbox amina@example.org unavailable",
            )
        chloe = Booking.objects.get(contact__first_name="Chloe")
        OutboundMessage.objects.create(
            channel="email",
            kind=MessageKind.REMINDER,
            recipient=chloe.contact,
            about=chloe,
            status=MessageStatus.FAILED,
        )

        text = panel_text(home(client, week.leader), "messages-gone-wrong")

        assert "Email: Booking confirmed, Amina, given up" in text
        assert "Text: Booking confirmed, Amina, given up" in text
        assert "Chloe" not in text and "amina@example.org" not in text

    def test_nothing_failed_means_no_warning(self, client, week):
        assert home(client, week.leader).find(id="messages-gone-wrong-section") is None


class TestCost:
    def test_the_home_page_costs_the_same_queries_for_a_quiet_week_or_a_busy_one(
        self, client, week, django_assert_num_queries
    ):
        amina = Booking.objects.get(contact__first_name="Amina")
        OutboundMessage.objects.create(
            channel="email",
            kind=MessageKind.REMINDER,
            recipient=amina.contact,
            about=amina,
            status=MessageStatus.FAILED,
        )
        client.force_login(week.leader)
        client.get(reverse(HOME))
        with django_assert_num_queries(HOME_QUERIES):
            client.get(reverse(HOME))

        for days in range(1, 7):
            session = session_make(week.peebles, days=days, at=dt.time(15))
            for name in ("Eve", "Fay"):
                booking = family_books(session, f"{name}{days}")
                OutboundMessage.objects.create(
                    channel="email",
                    kind=MessageKind.REMINDER,
                    recipient=booking.contact,
                    about=booking,
                    status=MessageStatus.FAILED,
                )
            family_waits(session, f"Gail{days}")

        with django_assert_num_queries(HOME_QUERIES):
            client.get(reverse(HOME))


class TestWholeSiteReports:
    REPORTS = ("workflow", "workflow_tasks", "aging_pages", "page_types_usage")

    def test_a_leader_does_not_see_the_whole_site_reports_and_their_addresses_refuse(self, client, site):
        client.force_login(site.leader)
        page = client.get(reverse(HOME)).content.decode()

        for name in self.REPORTS:
            assert reverse(f"wagtailadmin_reports:{name}") not in page
            assert client.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 403
        assert reverse("wagtailadmin_reports:site_history") in page

    def test_staff_who_edit_the_whole_site_keep_them(self, client, site):
        client.force_login(site.staff)
        page = client.get(reverse(HOME)).content.decode()

        for name in self.REPORTS:
            assert reverse(f"wagtailadmin_reports:{name}") in page
            assert client.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 200
