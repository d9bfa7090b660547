"""The texts report in the admin, and the warning on the admin's home page when the daily limit is reached."""

import datetime as dt
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Contact, WaitingEntry
from events.models.messages import MessageKind
from events.recurrence import LOCAL_TZ
from home.permissions import group_leader_role_ensure
from messaging.models import DeliveryStatus, MessagePriority, MessageStatus, OutboundMessage
from tests.events.booking_support import book, session_make, two_area_site, user_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 18, 11, 0, tzinfo=LOCAL_TZ)
REPORT = "events_texts:index"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW.astimezone(dt.UTC))


@pytest.fixture
def site():
    site = two_area_site()
    site.peebles_leader = user_in("fiona_leader", group_leader_role_ensure(site.peebles))
    volunteer = user_in("volunteer")
    volunteer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    site.volunteer = volunteer
    return site


def text(recipient, *, about=None, kind=MessageKind.REMINDER, status=MessageStatus.SENT, at=None, **fields):
    at = at or NOW - dt.timedelta(hours=1)
    message = OutboundMessage.objects.create(
        channel="text",
        kind=kind,
        recipient=recipient,
        about=about,
        status=status,
        sent_at=at if status == MessageStatus.SENT else None,
        **fields,
    )
    OutboundMessage.objects.filter(pk=message.pk).update(created_at=at)
    return message


@pytest.fixture
def families(site):
    """Amina booked with Mums' Space and Fiona waits for Peebles Toddlers; both asked for texts."""
    amina_booking = book(session_make(site.mums, days=3), first_name="Amina", phone="07700 900123").bookings[0]
    peebles_session = session_make(site.peebles, days=10)
    fiona = Contact.objects.create(first_name="Fiona", phone="07700 900456", consent_at=NOW)
    fiona_waiting = WaitingEntry.objects.create(session=peebles_session, contact=fiona)
    return SimpleNamespace(
        amina=amina_booking.contact, amina_booking=amina_booking, fiona=fiona, fiona_waiting=fiona_waiting
    )


@pytest.fixture
def troubles(families):
    """This month: a reminder Amina's phone never got, and a text to Fiona given up; one from last month."""
    text(
        families.amina,
        about=families.amina_booking,
        at=NOW - dt.timedelta(days=2),
        segments=1,
        delivery_status=DeliveryStatus.UNDELIVERED,
        delivery_error="30003: unreachable handset +44 7700 900123",
    )
    text(
        families.fiona,
        about=families.fiona_waiting,
        kind=MessageKind.WAITING_JOINED,
        status=MessageStatus.FAILED,
        at=NOW - dt.timedelta(days=1),
        last_error="ConnectionError: the provider did not answer",
    )
    text(
        families.amina,
        about=families.amina_booking,
        at=dt.datetime(2026, 2, 27, 9, tzinfo=LOCAL_TZ),
        delivery_status=DeliveryStatus.UNDELIVERED,
    )
    return families


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_captioned(page: BeautifulSoup, words: str):
    caption = page.find("caption", string=lambda caption: caption and words in caption)
    return caption.parent if caption else None


def failures_table(page: BeautifulSoup) -> list[list[str]]:
    table = table_captioned(page, "did not reach")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in table.tbody.find_all("tr")]


class TestTheReport:
    def test_staff_read_this_month_and_last_in_plain_words(self, client, site, families):
        for hour in (8, 9, 10):
            text(families.amina, at=NOW.replace(hour=hour), segments=2)
        text(families.amina, at=dt.datetime(2026, 3, 1, 0, 30, tzinfo=LOCAL_TZ), segments=1)
        text(families.amina, at=dt.datetime(2026, 2, 10, 12, tzinfo=LOCAL_TZ), segments=2)
        client.force_login(site.staff)

        page = soup(client.get(reverse(REPORT)))

        words = page.get_text(" ", strip=True)
        assert "3 texts sent today, out of a daily limit of 300." in words
        table = table_captioned(page, "segments charged")
        figures = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
        assert figures == [["This month (March 2026)", "4", "7"], ["Last month (February 2026)", "1", "2"]]
        assert "No text this month was given up or reported as not delivered." in words

    def test_texts_that_did_not_reach_a_family_are_listed_with_their_session_and_reason(self, client, site, troubles):
        client.force_login(site.staff)

        page = soup(client.get(reverse(REPORT)))

        words = page.get_text(" ", strip=True)
        assert "1 text this month was not delivered" in words
        assert "1 text this month was given up after repeated failures" in words
        rows = failures_table(page)
        assert [row[1:4] for row in rows] == [
            [str(troubles.fiona_waiting.session), "On the waiting list", "Fiona"],
            [str(troubles.amina_booking.session), "Reminder", "Amina"],
        ]
        assert rows[0][4] == "Given up: ConnectionError: the provider did not answer"
        assert rows[1][4].startswith("Not delivered: 30003: unreachable handset")
        links = [row.find("a")["href"] for row in table_captioned(page, "did not reach").tbody("tr")]
        assert links == [
            reverse("events_session:register", args=[troubles.fiona_waiting.session.pk]),
            reverse("events_session:register", args=[troubles.amina_booking.session.pk]),
        ]

    def test_no_phone_number_is_shown_not_even_in_a_providers_error(self, client, site, troubles):
        client.force_login(site.staff)

        content = client.get(reverse(REPORT)).content.decode()

        assert "900123" not in content and "900456" not in content

    def test_a_group_leader_sees_the_failures_of_their_own_group_only(self, client, site, troubles):
        client.force_login(site.peebles_leader)

        rows = failures_table(soup(client.get(reverse(REPORT))))

        assert [row[3] for row in rows] == ["Fiona"]

    def test_a_volunteer_without_report_rights_is_refused_and_not_shown_the_report(self, client, site, troubles):
        client.force_login(site.volunteer)

        # Wagtail turns a refusal into a return to the admin's home page, with a message.
        response = client.get(reverse(REPORT))
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse(REPORT) not in home and "Fiona" not in home

    def test_staff_find_it_in_the_menu_beside_the_other_reports(self, client, site):
        client.force_login(site.staff)

        home = client.get(reverse("wagtailadmin_home")).content.decode()

        assert reverse(REPORT) in home and reverse("events_funder_report:index") in home

    def test_the_report_costs_the_same_queries_for_one_failure_or_many(
        self, client, site, troubles, django_assert_num_queries
    ):
        client.force_login(site.staff)
        client.get(reverse(REPORT))
        with django_assert_num_queries(REPORT_QUERIES):
            client.get(reverse(REPORT))
        for day in range(2, 14):
            text(
                troubles.fiona,
                about=troubles.fiona_waiting.session,
                kind=MessageKind.SESSION_MOVED,
                status=MessageStatus.FAILED,
                at=NOW - dt.timedelta(days=day),
            )

        with django_assert_num_queries(REPORT_QUERIES):
            response = client.get(reverse(REPORT))

        assert len(failures_table(soup(response))) == 14

    def test_a_long_month_of_failures_is_shown_fifty_at_a_time(self, client, site, families):
        for minute in range(51):
            text(
                families.fiona,
                about=families.fiona_waiting,
                status=MessageStatus.FAILED,
                at=NOW - dt.timedelta(minutes=minute),
            )
        client.force_login(site.staff)

        first = soup(client.get(reverse(REPORT)))
        second = soup(client.get(reverse(REPORT), {"p": 2}))

        assert len(failures_table(first)) == 50 and len(failures_table(second)) == 1
        assert first.find("a", href="?p=2")


# The report's own four: the figures, the failures counted, one page of them, and their
# sessions; the rest are the login, the user's pages (for the permission and the menu)
# and the admin's own.
REPORT_QUERIES = 14


class TestTheWarning:
    @pytest.fixture
    def limit_reached(self, settings, families):
        settings.GATHER_TEXTS_PER_DAY = 2
        text(families.amina, at=NOW.replace(hour=9))
        text(families.amina, at=NOW.replace(hour=10))
        text(
            families.fiona,
            status=MessageStatus.PENDING,
            priority=MessagePriority.ROUTINE,
            next_attempt_at=dt.datetime(2026, 3, 19, 8, tzinfo=LOCAL_TZ),
        )
        return families

    def panel(self, client) -> str:
        page = soup(client.get(reverse("wagtailadmin_home")))
        panel = page.find(id="text-limit-section")
        return panel.get_text(" ", strip=True) if panel else ""

    def test_staff_are_told_on_the_home_page_when_todays_limit_is_reached(self, client, site, limit_reached):
        client.force_login(site.staff)

        words = self.panel(client)

        assert "Today's limit of 2 texts is reached." in words
        assert (
            "1 reminder or other routine text waits until 8:00 tomorrow; cancellations, moves and places "
            "from the waiting list still go."
        ) in words
        assert "Emails are not affected." in words
        page = soup(client.get(reverse("wagtailadmin_home")))
        assert page.find(id="text-limit-section").find("a", href=reverse(REPORT))

    def test_the_warning_goes_once_the_limit_is_raised(self, client, site, limit_reached, settings):
        settings.GATHER_TEXTS_PER_DAY = 3
        client.force_login(site.staff)

        assert self.panel(client) == ""

    def test_the_warning_goes_at_midnight(self, client, site, limit_reached, monkeypatch):
        tomorrow = dt.datetime(2026, 3, 19, 0, 5, tzinfo=LOCAL_TZ)
        monkeypatch.setattr(timezone, "now", lambda: tomorrow.astimezone(dt.UTC))
        client.force_login(site.staff)

        assert self.panel(client) == ""

    def test_the_report_says_it_too(self, client, site, limit_reached):
        client.force_login(site.peebles_leader)

        words = soup(client.get(reverse(REPORT))).get_text(" ", strip=True)

        assert "Today's limit of 2 texts is reached." in words

    def test_a_volunteer_without_report_rights_is_not_warned(self, client, site, limit_reached):
        client.force_login(site.volunteer)

        assert self.panel(client) == ""

    def test_the_warning_costs_the_home_page_one_query(self, client, site, limit_reached):
        client.force_login(site.staff)

        with CaptureQueriesContext(connection) as queries:
            words = self.panel(client)

        assert words
        # The home page also lists the messages that failed for the user's groups, a query of the
        # outbox joined to their sessions; the warning itself reads the outbox once.
        warning_queries = [
            query["sql"]
            for query in queries.captured_queries
            if "messaging_outboundmessage" in query["sql"] and "events_session" not in query["sql"]
        ]
        assert len(warning_queries) == 1
