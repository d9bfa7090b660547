"""From topic to workshop: staff make a draft in one action; publishing it with a date tells the
families who chose it, by their channels and in their language, with a link that books in one step."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events import builders
from events.models import Booking, SuggestionStatus, TopicSuggestion, TopicVote, WorkshopIndexPage, WorkshopPage
from events.models.messages import TopicMessageKind
from events.topic_messages import topic_workshop_email_render, topic_workshop_text_render
from home.builders import publish
from home.models import Topic
from messaging.models import OutboundMessage
from tests.security.site import family_book, site_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    site = site_build()
    site.workshops = site.home.add_child(instance=WorkshopIndexPage(title="Workshops", slug="workshops"))
    site.topic = TopicSuggestion.objects.create(
        title="Sleep and little ones", group=site.mums, suggested_by=site.amina, status=SuggestionStatus.APPROVED
    )
    site.layla, _ = family_book(session=site.mums_session, first_name="Layla", phone="07700 900456")
    site.layla.phone, site.layla.texts_agreed_at, site.layla.language = "+447700900456", timezone.now(), "ur"
    site.layla.save()
    TopicVote.objects.create(topic=site.topic, contact=site.layla, household_ref=site.layla.household_ref)
    return site


def make_workshop(client, site, user=None):
    client.force_login(user or site.staff)
    sleep = Topic.objects.create(name="Sleep")
    response = client.post(reverse("events_topic:workshop", args=[site.topic.pk]), {"tags": [sleep.pk]})
    return response


def test_staff_make_a_draft_workshop_with_the_title_and_tags(client, site):
    response = make_workshop(client, site)

    workshop = WorkshopPage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[workshop.pk]
    )
    assert (workshop.title, workshop.live, workshop.chosen_by_participants) == ("Sleep and little ones", False, True)
    assert [t.name for t in workshop.topics.all()] == ["Sleep"]
    assert list(workshop.groups.all()) == [site.mums]
    site.topic.refresh_from_db()
    assert site.topic.workshop == workshop
    assert not OutboundMessage.objects.filter(kind=TopicMessageKind.WORKSHOP_READY).exists()


def test_a_group_leader_cannot_make_workshops(client, site):
    response = make_workshop(client, site, site.mums_leader)
    assert response.status_code in (302, 403)
    assert "/pages/" not in response.get("Location", "")
    assert not WorkshopPage.objects.exists()


def test_publishing_with_a_date_tells_each_family_once_by_its_channels_and_language(client, site):
    make_workshop(client, site)
    workshop = WorkshopPage.objects.get()
    builders.one_off_add(workshop, on=timezone.localdate() + dt.timedelta(days=10))

    publish(workshop)
    publish(workshop)  # a second publish tells nobody again

    sent = OutboundMessage.objects.filter(kind=TopicMessageKind.WORKSHOP_READY)
    assert sorted((m.recipient_id, m.channel) for m in sent) == sorted(
        [(site.amina.pk, "email"), (site.layla.pk, "text")]
    )
    email = topic_workshop_email_render(sent.get(channel="email"))
    assert email.subject == "You chose it: Sleep and little ones can now be booked"
    assert f"/booking/{site.amina.manage_token}/book/" in email.text
    text = topic_workshop_text_render(sent.get(channel="text"))
    assert f"/ur/booking/{site.layla.manage_token}/book/" in text.body


def test_the_link_books_in_one_step(client, site):
    make_workshop(client, site)
    workshop = WorkshopPage.objects.get()
    builders.one_off_add(workshop, on=timezone.localdate() + dt.timedelta(days=10))
    publish(workshop)
    client.logout()
    session = workshop.sessions.get()
    url = reverse("events:topic_workshop_book", args=[site.amina.manage_token, session.pk])

    page = client.get(url)
    assert "Book my place" in page.content.decode()
    response = client.post(url, {"request_key": "7b2f5d3e-8c1a-4f7e-9a55-3d1c0b7e6a21"})

    assert response.status_code == 302 and response["Location"].endswith("?booked=1")
    booking = Booking.objects.get(session=session)
    assert (booking.contact.first_name, booking.contact.email, booking.household_ref) == (
        "Amina",
        "amina@example.org",
        site.amina.household_ref,
    )


def test_a_family_whose_private_link_has_expired_gets_the_sessions_booking_page(client, site, settings):
    make_workshop(client, site)
    workshop = WorkshopPage.objects.get()
    builders.one_off_add(workshop, on=timezone.localdate() + dt.timedelta(days=10))
    publish(workshop)
    settings.GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION = -30  # every link has run out

    email = topic_workshop_email_render(OutboundMessage.objects.get(channel="email"))

    assert site.amina.manage_token not in email.text
    assert reverse("events:session_detail", args=[workshop.sessions.get().pk]) in email.text
    assert "Book your place here:" in email.text
