"""A moved session is shown in full wherever it appears: its new venue, and when and where it was before."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from icalendar import Calendar

from events.models import Booking, Session
from events.recurrence import LOCAL_TZ
from events.services.sessions import session_move
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import book, group_make, session_make, user_in
from tests.factories import schedule_add, venue_add

pytestmark = pytest.mark.django_db


def words(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True))


def moved_to_church(session) -> Session:
    church = venue_add("Walkerburn Church Hall", area=None, postcode="EH43 6AA")
    new_start = session.start + dt.timedelta(days=1, hours=-3)
    return session_move(session=session, start=new_start, end=new_start + dt.timedelta(hours=2), venue=church)


@pytest.fixture
def group():
    return group_make("Walkerburn Toddlers", area_title="Scottish Borders")


@pytest.fixture
def moved(group):
    session = session_make(group, days=10, at=dt.time(13, 30))
    book(session, first_name="Morag", email="morag@example.org")
    return moved_to_church(session)


class TestTheSessionPage:
    def test_it_gives_the_new_venue_and_when_and_where_it_was(self, client, moved):
        text = words(client.get(reverse("events:session_detail", args=[moved.pk])))

        assert "At Walkerburn Church Hall" in text
        assert "New time or place." in text
        assert re.search(
            r"Moved from \w+day \d+ \w+ \d{4}, 1:30 p\.m\. to 3:30 p\.m\., at Walkerburn Toddlers hall\.", text
        )

    def test_a_move_in_time_only_does_not_name_the_same_hall_twice_nor_end_twice(self, client, group):
        session = session_make(group, days=10, at=dt.time(13, 30))
        later = session.start + dt.timedelta(hours=1)
        session = session_move(session=session, start=later, end=later + dt.timedelta(hours=2))

        text = words(client.get(reverse("events:session_detail", args=[session.pk])))

        assert re.search(r"Moved from \w+day \d+ \w+ \d{4}, 1:30 p\.m\. to 3:30 p\.m\.(?!\.)", text)
        assert "at Walkerburn Toddlers hall" not in text


def events_in(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


class TestTheCalendars:
    def test_the_session_download_has_the_new_location_and_the_old_one_in_its_description(self, client, moved):
        [event] = events_in(client.get(reverse("events:session_ical", args=[moved.pk])).content)

        assert str(event["LOCATION"]).startswith("Walkerburn Church Hall")
        assert "EH43 6AA" in str(event["LOCATION"])
        description = str(event["DESCRIPTION"])
        assert "This session has a new time or place." in description
        assert re.search(
            r"Moved from \w+day \d+ \w+ \d{4}, 1:30 p\.m\. to 3:30 p\.m\., at Walkerburn Toddlers hall\.", description
        )

    def test_the_group_feed_overrides_the_occurrence_with_the_new_place(self, client, group):
        schedule_add(group, weekday=(dt.date.today() + dt.timedelta(days=8)).strftime("%A").lower())
        session = Session.objects.filter(page=group).order_by("start").first()
        moved = moved_to_church(session)

        feed = events_in(client.get(reverse("events:page_ical", args=[group.pk])).content)

        [override] = [event for event in feed if "RECURRENCE-ID" in event]
        assert override.decoded("dtstart") == moved.start
        assert str(override["LOCATION"]).startswith("Walkerburn Church Hall")
        assert "Moved from" in str(override["DESCRIPTION"]) and "Walkerburn Toddlers hall" in str(
            override["DESCRIPTION"]
        )
        [master] = [event for event in feed if "RRULE" in event]
        assert "Moved from" not in str(master["DESCRIPTION"])

    def test_the_familys_own_feed_says_it_too(self, client, moved):
        contact = Booking.objects.get(session=moved).contact

        [event] = events_in(client.get(reverse("events:personal_ical", args=[contact.feed_token])).content)

        assert str(event["LOCATION"]).startswith("Walkerburn Church Hall")
        assert "Moved from" in str(event["DESCRIPTION"])


class TestTheRegister:
    @pytest.fixture
    def leader(self, group):
        return user_in("morag_leader", group_leader_role_ensure(group))

    def test_the_register_gives_the_new_venue_and_the_old_one(self, client, moved, leader):
        client.force_login(leader)

        text = words(client.get(reverse("events_session:register", args=[moved.pk])))

        assert "Where Walkerburn Church Hall" in text
        assert re.search(
            r"Before the move Moved from \w+day \d+ \w+ \d{4}, 1:30 p\.m\. to 3:30 p\.m\., "
            r"at Walkerburn Toddlers hall\.",
            text,
        )

    def test_the_move_form_starts_from_the_session_as_it_is(self, client, moved, leader):
        client.force_login(leader)

        page = BeautifulSoup(client.get(reverse("events_session:move", args=[moved.pk])).content, "html.parser")

        assert page.find("input", attrs={"name": "date"})["value"] == f"{moved.start.astimezone(LOCAL_TZ):%Y-%m-%d}"
        assert page.find("input", attrs={"name": "start_time"})["value"].startswith(
            f"{moved.start.astimezone(LOCAL_TZ):%H:%M}"
        )
        assert page.find("input", attrs={"name": "end_time"})["value"].startswith(
            f"{moved.end.astimezone(LOCAL_TZ):%H:%M}"
        )
        venue = page.find("select", attrs={"name": "venue"}).find("option", selected=True)
        assert venue.get_text(strip=True).startswith("Walkerburn Church Hall")
