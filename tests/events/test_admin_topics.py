"""Leaders decide on the ideas families send: only for their own groups and areas."""

import pytest
from django.urls import reverse

from events.models import SuggestionStatus, TopicSuggestion, TopicVote
from events.selectors.topics import topics_planned
from home.permissions import area_coordinator_role_ensure
from tests.security.site import _user, family_book, site_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    site = site_build()
    site.croydon_coordinator = _user("croydon-coordinator", groups=[area_coordinator_role_ensure(site.croydon)])
    site.mums_idea = TopicSuggestion.objects.create(title="Baby massage", group=site.mums, suggested_by=site.amina)
    site.croydon_idea = TopicSuggestion.objects.create(title="Croydon picnic", area=site.croydon)
    site.peebles_idea = TopicSuggestion.objects.create(title="Riverside walk", group=site.peebles)
    return site


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def text(response) -> str:
    return response.content.decode()


class TestWhoSeesWhat:
    def test_a_leader_sees_only_their_groups_ideas(self, client, site):
        listing = text(page(client, site.mums_leader, reverse("events_topic:index")))
        assert "Baby massage" in listing
        assert "Riverside walk" not in listing and "Croydon picnic" not in listing

    def test_a_coordinator_sees_their_area_and_its_groups(self, client, site):
        listing = text(page(client, site.croydon_coordinator, reverse("events_topic:index")))
        assert "Baby massage" in listing and "Croydon picnic" in listing
        assert "Riverside walk" not in listing

    def test_staff_see_every_idea(self, client, site):
        listing = text(page(client, site.staff, reverse("events_topic:index")))
        assert all(title in listing for title in ("Baby massage", "Croydon picnic", "Riverside walk"))

    def test_another_groups_leader_finds_nothing_of_them(self, client, site):
        assert (
            page(client, site.peebles_leader, reverse("events_topic:edit", args=[site.mums_idea.pk])).status_code == 404
        )
        response = client.post(reverse("events_topic:edit", args=[site.mums_idea.pk]), {"decision": "approve"})
        assert response.status_code == 404
        assert TopicSuggestion.objects.get(pk=site.mums_idea.pk).status == SuggestionStatus.PENDING
        assert "Baby massage" not in text(client.get(reverse("wagtailadmin_home")))


class TestDeciding:
    def decide(self, client, site, topic, **data):
        client.force_login(site.mums_leader)
        return client.post(reverse("events_topic:edit", args=[topic.pk]), data)

    def test_approving_opens_it_for_votes_on_the_public_page(self, client, site):
        response = self.decide(client, site, site.mums_idea, decision="approve")
        assert response.status_code == 302
        assert [t.title for t in topics_planned(page=site.mums)] == ["Baby massage"]

    def test_declining_needs_a_reply_the_family_then_reads(self, client, site):
        refused = self.decide(client, site, site.mums_idea, decision="decline", reply="")
        assert "Please write a brief reply, so the family knows why." in text(refused)

        self.decide(client, site, site.mums_idea, decision="decline", reply="We ran it last month.")

        manage = text(client.get(reverse("events:booking_manage", args=[site.amina.manage_token])))
        assert "The leader replied: We ran it last month." in manage

    def test_merging_moves_votes_and_counts_a_family_once(self, client, site):
        kept = TopicSuggestion.objects.create(title="Massage for babies", group=site.mums, status="approved")
        TopicSuggestion.objects.filter(pk=site.mums_idea.pk).update(status="approved")
        layla, _ = family_book(session=site.mums_session, first_name="Layla", email="layla@example.org")
        for contact in (site.amina, layla):
            TopicVote.objects.create(topic=site.mums_idea, contact=contact, household_ref=contact.household_ref)
        TopicVote.objects.create(topic=kept, contact=layla, household_ref=layla.household_ref)

        self.decide(client, site, site.mums_idea, decision="merge", merge_into=kept.pk)

        site.mums_idea.refresh_from_db()
        assert (site.mums_idea.status, site.mums_idea.merged_into) == ("merged", kept)
        assert sorted(TopicVote.objects.filter(topic=kept).values_list("contact__first_name", flat=True)) == [
            "Amina",
            "Layla",
        ]
        manage = text(client.get(reverse("events:booking_manage", args=[site.amina.manage_token])))
        assert "Joined with a similar idea: “Massage for babies”." in manage


def test_a_leader_writes_down_an_idea_said_at_the_group(client, site):
    client.force_login(site.mums_leader)
    form = text(client.get(reverse("events_topic:add")))
    assert "Thursday mums" in form and "Peebles parents" not in form

    client.post(reverse("events_topic:add"), {"place": site.mums.pk, "title": "Saturday dads"})

    topic = TopicSuggestion.objects.get(title="Saturday dads")
    assert (topic.status, topic.entered_on_behalf, topic.entered_by) == ("approved", True, site.mums_leader)


def test_a_show_of_hands_counts_as_votes_and_is_shown_as_such(client, site):
    TopicSuggestion.objects.filter(pk=site.mums_idea.pk).update(status="approved")
    TopicVote.objects.create(topic=site.mums_idea, contact=site.amina, household_ref=site.amina.household_ref)
    client.force_login(site.mums_leader)

    client.post(reverse("events_topic:hands", args=[site.mums_idea.pk]), {"hands": "6"})

    public = text(client.get(site.mums.url))
    assert "7 votes (6 by show of hands at a session)" in public


def test_the_admin_home_lists_new_suggestions_for_the_leaders_groups(client, site):
    home = text(page(client, site.mums_leader, reverse("wagtailadmin_home")))
    assert "New suggestions" in home and "Baby massage" in home
    assert "Riverside walk" not in home
