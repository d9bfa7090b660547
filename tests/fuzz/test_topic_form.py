"""Random and hostile suggestions and votes sent through a family's private link.

A refused idea is explained in words and stores nothing; an accepted one is stored as
plain text on one line; nothing sent comes back as live HTML.
"""

from urllib.parse import quote

from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from events.models import TopicSuggestion, TopicVote
from events.models.topics import TOPIC_TITLE_MAX_LENGTH

from .strategies import hostile_text, query
from .test_public_forms import assert_no_reflected_markup, assert_plain_messages, form_errors, one_address


def suggestions(site):
    return query(
        place=st.one_of(hostile_text, st.sampled_from([f"group-{site.mums.pk}", f"area-{site.croydon.pk}"])),
        title=hostile_text,
        website=st.sampled_from(["", "http://spam.example"]),
    )


@given(data=st.data())
@example(data=None)
def test_an_idea_is_stored_as_plain_text_or_refused_plainly(client, site, data):
    fields = (
        {"place": f"group-{site.mums.pk}", "title": "<script>alert(1)</script>\u202e", "website": ""}
        if data is None
        else data.draw(suggestions(site))
    )
    stored = TopicSuggestion.objects.count()

    response = one_address(client).post(reverse("events:topics_family", args=[site.amina.manage_token]), fields)

    if response.status_code == 302:
        topic = TopicSuggestion.objects.latest("pk")
        assert TopicSuggestion.objects.count() == stored + 1
        assert 0 < len(topic.title) <= TOPIC_TITLE_MAX_LENGTH
        assert "\n" not in topic.title and "\x00" not in topic.title and "\u202e" not in topic.title
        page = one_address(client).get(reverse("events:topics_family", args=[site.amina.manage_token]))
        assert_no_reflected_markup(page, fields.values())
    else:
        assert response.status_code == 200, response.status_code
        assert_plain_messages(form_errors(response))
        assert TopicSuggestion.objects.count() == stored
        assert_no_reflected_markup(response, fields.values())


@given(topic_id=st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), hostile_text))
def test_votes_for_topics_that_do_not_exist_or_are_not_open_store_nothing(client, site, topic_id):
    pending = TopicSuggestion.objects.create(title="Not open yet", group=site.mums)
    path = reverse("events:topic_vote", args=[site.amina.manage_token, pending.pk]).replace(
        f"/{pending.pk}/vote/", f"/{quote(topic_id, safe='')}/vote/"
    )

    response = one_address(client).post(path)

    assert response.status_code in (302, 404), response.status_code
    assert not TopicVote.objects.exists()
