"""Topic suggestions and votes in a family's export, erasure and purge, and out of other families' sight."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Contact, SuggestionStatus, TopicSuggestion, TopicVote
from events.selectors.topics import family_places, topics_planned
from events.services.privacy import contact_erase, contact_export, personal_data_purge
from events.services.topics import topic_suggest, topic_vote_cast
from tests.security.site import family_book, session_at

pytestmark = pytest.mark.django_db


def suggested(site, contact, title, *, status=SuggestionStatus.PENDING):
    topic = topic_suggest(contact=contact, places=family_places(contact=contact), place=site.mums, title=title)
    TopicSuggestion.objects.filter(pk=topic.pk).update(status=status)
    topic.refresh_from_db()
    return topic


def voted(contact, topic):
    return topic_vote_cast(contact=contact, places=family_places(contact=contact), topic=topic)


def test_the_export_holds_the_familys_suggestions_and_votes_and_nobody_elses(site):
    mine = suggested(site, site.amina, "Baby yoga", status=SuggestionStatus.APPROVED)
    TopicSuggestion.objects.filter(pk=mine.pk).update(reply="Booked for June")
    layla, _ = family_book(session=site.mums_session, first_name="Layla", email="layla@example.org")
    hers = suggested(site, layla, "Weaning", status=SuggestionStatus.APPROVED)
    voted(site.amina, hers)
    voted(layla, mine)

    export = contact_export(contact=site.amina)

    assert [(s["title"], s["group_or_area"], s["status"], s["leader_reply"]) for s in export["topic_suggestions"]] == [
        ("Baby yoga", "Thursday mums", "Open for votes", "Booked for June")
    ]
    assert [(v["title"], v["group_or_area"]) for v in export["topic_votes"]] == [("Weaning", "Thursday mums")]
    assert "Layla" not in json.dumps(export)
    assert export["field_names"]["topic_votes"] == "Your votes for topics"


def test_erasure_deletes_unapproved_words_unlinks_the_rest_and_keeps_the_counts(site):
    pending = suggested(site, site.amina, "Something only I wrote")
    declined = suggested(site, site.amina, "Declined idea", status=SuggestionStatus.DECLINED)
    approved = suggested(site, site.amina, "Baby yoga", status=SuggestionStatus.APPROVED)
    voted(site.amina, approved)

    contact_erase(contact=site.amina)

    assert not TopicSuggestion.objects.filter(pk__in=[pending.pk, declined.pk]).exists()
    approved.refresh_from_db()
    assert approved.suggested_by is None
    vote = TopicVote.objects.get()
    assert (vote.contact, vote.household_ref) == (None, site.amina.household_ref)
    assert [(t.title, t.vote_count) for t in topics_planned(page=site.mums)] == [("Baby yoga", 1)]


def test_the_purge_removes_suggestions_and_vote_links_of_families_long_gone(site):
    long_ago = timezone.now() - dt.timedelta(days=400)
    old_session = session_at(site.mums, long_ago)
    morag, _ = family_book(session=old_session, first_name="Morag", email="morag@example.org")
    Contact.objects.filter(pk=morag.pk).update(created_at=long_ago - dt.timedelta(days=7))
    open_topic = TopicSuggestion.objects.create(title="Baby yoga", group=site.mums, status="approved")
    TopicSuggestion.objects.create(title="Morag's own words", group=site.mums, suggested_by=morag)
    TopicVote.objects.create(topic=open_topic, contact=morag, household_ref=morag.household_ref)
    amina_topic = suggested(site, site.amina, "Amina's idea")

    personal_data_purge()

    assert not TopicSuggestion.objects.filter(title="Morag's own words").exists()
    assert TopicVote.objects.get().contact is None
    assert TopicSuggestion.objects.get(pk=amina_topic.pk).suggested_by == site.amina


def test_a_family_of_another_group_sees_nothing_of_these_on_its_private_pages(client, site):
    suggested(site, site.amina, "Pending words")
    topic = suggested(site, site.amina, "Baby yoga", status=SuggestionStatus.APPROVED)
    voted(site.amina, topic)

    for url in (
        reverse("events:topics_family", args=[site.fiona.manage_token]),
        reverse("events:booking_manage", args=[site.fiona.manage_token]),
        site.peebles.url,
        site.borders.url,
    ):
        page = client.get(url).content.decode()
        assert "Pending words" not in page and "Baby yoga" not in page, url
