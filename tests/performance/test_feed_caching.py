"""Calendar feeds as calendar apps poll them: compressed once, and 304 without touching the database.

The feed's version is an aggregate over every session it covers; with the page cache on
it is kept until content changes (web.page_cache.remembered), so a poll that finds
nothing new costs no SQL at any size, and a cancellation still shows on the next poll.
"""

import gzip

import pytest
from django.urls import reverse

from events.models import Session
from events.services.sessions import session_cancel
from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def group(settings, django_capture_on_commit_callbacks):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        tree = factories.site_tree()
        area = factories.area_add(tree, "Tweeddale")
        group = factories.group_add(area, "Walkerburn Wee Ones", weekday="monday")
    return group


def test_an_unchanged_feed_answers_304_without_sql(client, group, django_assert_num_queries):
    url = reverse("events:site_ical")
    first = client.get(url, **GZIP)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304


def test_a_cancellation_shows_on_the_next_poll(client, group, django_capture_on_commit_callbacks):
    url = reverse("events:page_ical", kwargs={"page_id": group.pk})
    first = client.get(url)
    session = Session.objects.filter(page=group).order_by("start")[1]

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="Hall closed")

    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert b"EXDATE" in after.content and b"EXDATE" not in first.content


def test_a_client_that_accepts_gzip_gets_the_same_calendar_compressed(client, group):
    url = reverse("events:site_ical")
    plain = client.get(url)
    compressed = client.get(url, **GZIP)

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) * 0.6
    # The compressed copy's ETag is the weak form of the plain one, so either copy revalidates.
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    assert client.get(url, HTTP_IF_NONE_MATCH=compressed["ETag"], **GZIP).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
