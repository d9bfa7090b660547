"""A family suggests topics and votes from its private link: no account, no JavaScript."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from events.models import SuggestionStatus, TopicSuggestion, TopicVote
from events.services.topics import topic_approve
from tests.security.site import family_book, site_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return site_build()


def ideas_url(contact) -> str:
    return reverse("events:topics_family", args=[contact.manage_token])


def open_topic(site, title, *, group=None, area=None):
    return TopicSuggestion.objects.create(
        title=title, group=group, area=area, status=SuggestionStatus.APPROVED, suggested_by=None
    )


def vote(client, contact, topic):
    return client.post(reverse("events:topic_vote", args=[contact.manage_token, topic.pk]), follow=True)


def page_text(response) -> str:
    return response.content.decode()


class TestSuggesting:
    def test_a_family_suggests_for_its_group_and_sees_it_waiting_on_its_own_pages_only(self, client, site):
        page = client.get(ideas_url(site.amina))
        assert "Thursday mums" in page_text(page)
        assert "Croydon" in page_text(page)
        assert "Peebles parents" not in page_text(page)

        response = client.post(
            ideas_url(site.amina),
            {"place": f"group-{site.mums.pk}", "title": "  A pottery morning for dads' ", "website": ""},
            follow=True,
        )

        topic = TopicSuggestion.objects.get()
        assert (topic.title, topic.group, topic.status) == ("A pottery morning for dads'", site.mums, "pending")
        assert "Thank you for your idea" in page_text(response)
        manage = client.get(reverse("events:booking_manage", args=[site.amina.manage_token]))
        assert "A pottery morning for dads&#x27;" in page_text(manage)
        assert "A leader will look at it soon." in page_text(manage)
        assert "pottery" not in page_text(client.get(site.mums.url))
        assert "pottery" not in page_text(client.get(ideas_url(site.fiona)))

    def test_a_family_sees_what_the_leader_decided(self, client, site):
        TopicSuggestion.objects.create(
            title="Baby massage", group=site.mums, suggested_by=site.amina, status="declined", reply="We ran it in May."
        )
        manage = page_text(client.get(reverse("events:booking_manage", args=[site.amina.manage_token])))
        assert "Not this time." in manage
        assert "The leader replied: We ran it in May." in manage

    def test_an_area_the_family_does_not_belong_to_is_refused_plainly(self, client, site):
        response = client.post(
            ideas_url(site.amina), {"place": f"area-{site.borders.pk}", "title": "Walks", "website": ""}
        )
        assert response.status_code == 200
        assert "Select a valid choice" in page_text(response)
        assert not TopicSuggestion.objects.exists()

    def test_a_long_or_two_line_idea_is_refused_with_a_plain_message(self, client, site):
        place = f"group-{site.mums.pk}"
        too_long = client.post(ideas_url(site.amina), {"place": place, "title": "x" * 81, "website": ""})
        two_lines = client.post(ideas_url(site.amina), {"place": place, "title": "Sleep\nand play", "website": ""})
        assert "at most 80 characters" in page_text(too_long)
        assert "Please write this on one line." in page_text(two_lines)
        assert not TopicSuggestion.objects.exists()

    def test_a_filled_honeypot_stores_nothing(self, client, site):
        response = client.post(
            ideas_url(site.amina), {"place": f"group-{site.mums.pk}", "title": "Sleep", "website": "http://x"}
        )
        assert "We could not accept this form" in page_text(response)
        assert not TopicSuggestion.objects.exists()

    def test_a_link_that_does_not_work_finds_nothing(self, client, site):
        assert client.get(reverse("events:topics_family", args=["not-a-real-link"])).status_code == 404


class TestVoting:
    def test_votes_are_counted_per_family_ranked_and_never_say_who(self, client, site):
        sleep = open_topic(site, "Sleep and little ones", group=site.mums)
        weaning = open_topic(site, "Weaning", area=site.croydon)
        layla, _ = family_book(session=site.mums_session, first_name="Layla", email="layla@example.org")

        vote(client, site.amina, weaning)
        vote(client, layla, weaning)
        response = vote(client, layla, sleep)

        text = page_text(response)
        assert "Thank you: you voted for “Sleep and little ones”." in text
        assert "2 votes" in text and "1 vote" in text
        assert "Amina" not in text.replace("Your bookings, Layla", "")
        assert TopicVote.objects.filter(topic=weaning).count() == 2

    def test_one_vote_per_family_even_with_two_bookings(self, client, site):
        sleep = open_topic(site, "Sleep", group=site.mums)
        again, _ = family_book(session=site.mums_session, first_name="Amina", email="amina@example.org")
        again.household_ref = site.amina.household_ref
        again.save()

        vote(client, site.amina, sleep)
        response = vote(client, again, sleep)

        assert "Your family has already voted for this topic." in page_text(response)
        assert TopicVote.objects.count() == 1

    def test_three_live_votes_and_a_taken_back_vote_frees_one(self, client, site):
        topics = [open_topic(site, f"Topic {n}", group=site.mums) for n in range(4)]
        for topic in topics[:3]:
            vote(client, site.amina, topic)

        refused = vote(client, site.amina, topics[3])
        assert "You have used your 3 votes. Take one back to vote for this topic." in page_text(refused)

        taken_back = client.post(
            reverse("events:topic_vote_withdraw", args=[site.amina.manage_token, topics[0].pk]), follow=True
        )
        assert "Your vote for “Topic 0” is taken back." in page_text(taken_back)
        assert "Thank you: you voted for “Topic 3”." in page_text(vote(client, site.amina, topics[3]))
        assert set(TopicVote.objects.values_list("topic__title", flat=True)) == {"Topic 1", "Topic 2", "Topic 3"}

    def test_pending_and_other_groups_topics_take_no_votes(self, client, site):
        pending = TopicSuggestion.objects.create(title="Secret", group=site.mums)
        elsewhere = open_topic(site, "Borders walk", group=site.peebles)

        assert "This topic is not open for votes." in page_text(vote(client, site.amina, pending))
        assert "This topic is not open for votes." in page_text(vote(client, site.amina, elsewhere))
        assert not TopicVote.objects.exists()

    def test_a_family_cannot_take_back_another_familys_vote(self, client, site):
        sleep = open_topic(site, "Sleep", group=site.mums)
        layla, _ = family_book(session=site.mums_session, first_name="Layla", email="layla@example.org")
        vote(client, layla, sleep)

        client.post(reverse("events:topic_vote_withdraw", args=[site.amina.manage_token, sleep.pk]))

        assert TopicVote.objects.filter(contact=layla).exists()

    def test_voting_needs_a_post(self, client, site):
        sleep = open_topic(site, "Sleep", group=site.mums)
        assert client.get(reverse("events:topic_vote", args=[site.amina.manage_token, sleep.pk])).status_code == 405


@override_settings(GATHER_FORM_RATE_LIMIT=3)
def test_limits_count_per_private_link_so_families_on_one_wi_fi_do_not_block_each_other(client, site):
    cache.clear()
    place = f"group-{site.mums.pk}"
    for number in range(3):
        client.post(ideas_url(site.amina), {"place": place, "title": f"Idea {number}", "website": ""})

    refused = client.post(ideas_url(site.amina), {"place": place, "title": "One more", "website": ""})
    layla, _ = family_book(session=site.mums_session, first_name="Layla", email="layla@example.org")
    accepted = client.post(ideas_url(layla), {"place": place, "title": "From Layla", "website": ""})

    assert "You have sent this form a lot of times" in page_text(refused)
    assert accepted.status_code == 302
    assert sorted(TopicSuggestion.objects.values_list("title", flat=True)) == [
        "From Layla",
        "Idea 0",
        "Idea 1",
        "Idea 2",
    ]


def test_approving_makes_a_suggestion_votable(client, site):
    topic = TopicSuggestion.objects.create(title="Baby yoga", group=site.mums, suggested_by=site.amina)
    assert "Baby yoga" not in page_text(client.get(ideas_url(site.fiona)))
    topic_approve(topic=topic)
    text = page_text(client.get(ideas_url(site.amina)))
    assert 'Vote<span class="visually-hidden"> for Baby yoga' in text
    assert "Approved: families can now vote for it." in text
