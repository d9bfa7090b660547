"""A moved session is told in full: the email gives the old and the new day, time and place,
and the group page shows where it meets now, in sentences that end once."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db.models import F

from events.models import Session
from events.recurrence import LOCAL_TZ
from events.services.sessions import session_move
from tests.events.booking_support import book, group_make, session_make
from tests.factories import venue_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(django_capture_on_commit_callbacks):
    group = group_make("Walkerburn Toddlers", area_title="Scottish Borders")
    session = session_make(group, days=10, at=dt.time(13, 30))
    # Where the schedule put it, as for every session a schedule makes.
    Session.objects.filter(pk=session.pk).update(occurrence_start=F("start"))
    book(session, first_name="Morag", email="morag@example.org")
    mail.outbox.clear()
    church = venue_add("Walkerburn Church Hall", area=None)
    new_start = session.start + dt.timedelta(days=1, hours=-3)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_move(
            session=session, start=new_start, end=new_start + dt.timedelta(hours=2), venue=church, reason=""
        )
    return group, session


def test_the_email_gives_the_old_and_the_new_day_time_and_place(moved):
    group, session = moved
    [email] = mail.outbox
    now_part, before_part = email.body.split("Before:")
    old_day = (session.moved_from_start.astimezone(LOCAL_TZ)).strftime("%A %-d")
    new_day = (session.start.astimezone(LOCAL_TZ)).strftime("%A %-d")
    assert new_day in now_part and "10:30 a.m." in now_part and "Walkerburn Church Hall" in now_part
    assert old_day in before_part and "1:30 p.m." in before_part and "Walkerburn Toddlers hall" in before_part


def test_the_group_page_shows_where_a_moved_session_meets_and_ends_each_sentence_once(client, moved):
    group, session = moved
    page = re.sub(r"\s+", " ", client.get(group.url).content.decode())
    assert "At Walkerburn Church Hall" in page
    # What a reader sees: the tags gone, "It was Tuesday 8 December, 1:30 p.m." and one full stop.
    assert "1:30 p.m.." not in re.sub(r"<[^>]+>", "", page)
    assert re.search(r"It was <time[^>]*>[^<]*1:30 p\.m\.</time>", page)
