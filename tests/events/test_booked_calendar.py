"""A calendar file a family gets for a place they have says so, rather than inviting them to book."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from tests.events.booking_support import book, group_make, session_make

pytestmark = pytest.mark.django_db


def descriptions(ics: bytes) -> list[str]:
    return [str(event["description"]) for event in Calendar.from_ical(ics).walk("VEVENT")]


def test_the_confirmation_attachment_and_the_personal_feed_say_the_place_is_booked(
    client, django_capture_on_commit_callbacks
):
    session = session_make(group_make("Walkerburn Toddlers"), days=5)
    with django_capture_on_commit_callbacks(execute=True):
        contact = book(session, first_name="Morag", email="morag@example.org").contact
    [email] = mail.outbox
    [(_name, attached, _type)] = email.attachments
    feed = client.get(reverse("events:personal_ical", args=[contact.feed_token])).content

    for ics in (attached, feed):
        [description] = descriptions(ics)
        assert "You have a place booked." in description
        assert "Please book a place" not in description


def test_the_public_file_for_one_session_still_invites_a_booking(client):
    session = session_make(group_make("Walkerburn Toddlers"), days=5)
    [description] = descriptions(client.get(reverse("events:session_ical", args=[session.pk])).content)
    assert "Please book a place on the website." in description
