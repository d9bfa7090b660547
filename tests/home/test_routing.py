"""Finding the page an address leads to: the same pages as Wagtail's walk down the tree, in two queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def borders():
    tree = f.site_tree()
    area = f.area_add(tree, "Scottish Borders")
    group = f.group_add(area, "Peebles Parents", weekday="tuesday")
    news = f.news_add(group, "Sensory play morning")
    return tree, area, group, news


def _routing(path):
    """The page at `path` and the queries finding it cost."""
    cache.clear()
    request = RequestFactory().get(path)
    with CaptureQueriesContext(connection) as queries:
        route = Page.route_for_request(request, path)
    return route.page, len(queries)


def test_each_page_is_found_at_its_address(client, borders):
    tree, area, group, news = borders
    for page in (tree.area_index, area, group, news, tree.workshop_index, tree.privacy):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f"<h1>{page.title}</h1>" in response.content.decode(), page.url


def test_a_page_deep_in_the_tree_is_found_without_walking_it(borders):
    tree, _, _, news = borders

    deep, deep_queries = _routing(news.url)
    near, near_queries = _routing(tree.area_index.url)

    assert (deep, near) == (news, tree.area_index)
    assert deep.__class__.__name__ == "GroupNewsPage"
    # The page with those above it, then the page itself: however deep it sits.
    assert deep_queries == near_queries


def test_an_address_with_no_page_is_not_found(client, borders):
    _, area, group, _ = borders
    assert client.get(group.url + "no-such-page/").status_code == 404
    assert client.get(area.url + "no-such-group/").status_code == 404
    assert client.get("/no-such-area/peebles-parents/").status_code == 404


def test_a_page_taken_down_or_under_one_taken_down_is_not_found(client, borders):
    _, area, group, news = borders
    news.unpublish()
    assert client.get(news.url).status_code == 404
    assert client.get(group.url).status_code == 200

    area.unpublish()
    # The group is still live itself, but the area it sits in was taken down.
    assert client.get(group.url).status_code == 404


def test_a_page_behind_a_password_still_asks_for_it(client, borders):
    _, _, group, _ = borders
    group.view_restrictions.create(restriction_type="password", password="tea")
    response = client.get(group.url)
    assert response.status_code == 200
    assert "Peebles Parents" not in response.content.decode().split("<h1>")[-1][:200]
    assert 'name="password"' in response.content.decode()


def test_a_translated_page_is_found_under_its_language(client, borders):
    _, _, group, _ = borders
    urdu = group.copy_for_translation(Locale.objects.get(language_code="ur"), copy_parents=True)
    urdu.title = "پیبلز والدین"
    urdu.save_revision().publish()

    html = client.get("/ur" + group.url).content.decode()

    assert "<h1>پیبلز والدین</h1>" in html
