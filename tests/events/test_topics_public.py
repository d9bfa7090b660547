"""Group and area pages show "What we're planning next": open topics, ranked, with votes and no names."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import TopicSuggestion, TopicVote
from events.services.topics import topic_approve, topic_decline
from tests.security.site import family_book, site_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return site_build()


def queries(client, url) -> int:
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    cache.clear()
    return len(captured)


def open_topic(title, **place):
    return TopicSuggestion.objects.create(title=title, status="approved", **place)


def test_open_topics_show_ranked_with_votes_escaped_and_without_names(client, site):
    sleep = open_topic("Sleep <script>alert(1)</script>", group=site.mums)
    open_topic("Weaning", group=site.mums)
    TopicVote.objects.create(topic=sleep, contact=site.amina, household_ref=site.amina.household_ref)
    TopicSuggestion.objects.create(title="Still waiting for a leader", group=site.mums)
    open_topic("Walks by the Tweed", group=site.peebles)

    page = client.get(site.mums.url).content.decode()

    planned = page[page.index("What we’re planning next") :]
    assert planned.index("Sleep &lt;script&gt;") < planned.index("Weaning")
    assert "<script>alert(1)</script>" not in page
    assert "1 vote" in planned and "0 votes" in planned
    assert "Amina" not in page
    assert "Still waiting for a leader" not in page and "Walks by the Tweed" not in page


def test_the_area_page_shows_its_own_topics(client, site):
    open_topic("A Croydon picnic", area=site.croydon)
    open_topic("Baby massage", group=site.mums)

    page = client.get(site.croydon.url).content.decode()

    assert "A Croydon picnic" in page and "Baby massage" not in page


@pytest.fixture
def committed_site(db, django_capture_on_commit_callbacks):
    # Built as if committed: the page cache hears of a change only once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        return site_build()


def test_a_decision_shows_on_the_next_visit_through_the_page_cache(
    client, committed_site, settings, django_capture_on_commit_callbacks
):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    site = committed_site
    with django_capture_on_commit_callbacks(execute=True):
        topic = TopicSuggestion.objects.create(title="Baby massage", group=site.mums)
    assert "Baby massage" not in client.get(site.mums.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        topic_approve(topic=topic)
    assert "Baby massage" in client.get(site.mums.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        topic_decline(topic=topic, reply="Not this term.")
    assert "Baby massage" not in client.get(site.mums.url).content.decode()


def test_the_pages_cost_the_same_queries_with_one_topic_or_many_votes(client, site):
    first = open_topic("Baby massage", group=site.mums)
    open_topic("A Croydon picnic", area=site.croydon)
    before = {url: queries(client, url) for url in (site.mums.url, site.croydon.url)}

    for number in range(12):
        topic = open_topic(f"Topic {number}", group=site.mums)
        open_topic(f"Area topic {number}", area=site.croydon)
        family, _ = family_book(
            session=site.mums_session, first_name=f"Family {number}", email=f"f{number}@example.org"
        )
        TopicVote.objects.create(topic=topic, contact=family, household_ref=family.household_ref)
        TopicVote.objects.create(topic=first, contact=family, household_ref=family.household_ref)
        TopicVote.objects.create(topic=topic, hands=3, show_of_hands=True)

    after = {url: queries(client, url) for url in (site.mums.url, site.croydon.url)}
    assert after == before
