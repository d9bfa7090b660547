"""Every public page and feed runs at most 12 SQL queries, in every language, and the same number at any size.

Pages are measured as production serves a page it has to render: the page cache on,
the visit carrying a query string so the rendered copy is not reused (as a link from
a newsletter would), the address-to-page route and the site's menus already cached.
The first visit after a change also pays Wagtail's routing (two queries for each
level of the page tree); bench/pages.py reports that case as "cold".

Feeds are measured with their cached file thrown away, so the file is built afresh.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from events.models import GroupNewsPage, Session
from tests import factories as f

QUERY_BUDGET = 12

pytestmark = pytest.mark.django_db


def _image(name):
    return get_image_model().objects.create(title=name, file=get_test_image_file(size=(1200, 900)))


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        tree = f.site_tree()
        area = f.area_add(tree, "Scottish Borders")
        group = f.group_add(
            area,
            "Peebles Parents",
            venue=f.venue_add("Peebles Burgh Hall", area=area),
            audiences=[f.audience("Mums"), f.audience("Dads")],
            weekday="tuesday",
            image=_image("Peebles"),
        )
        f.news_add(group, "Sensory play morning")
        workshop = f.workshop_add(
            tree.workshop_index,
            "Sleep and little ones",
            topics=[f.topic("Sleep")],
            groups=[group],
            on=timezone.localdate() + dt.timedelta(days=12),
            image=_image("Sleep"),
        )
        resource = f.resource_add(tree.resource_index, "Ten ideas for rainy days", topics=[f.topic("Play")])
        f.local_service_add("Library bus", areas=[area], topics=[f.topic("Play")])
    return {"tree": tree, "area": area, "group": group, "workshop": workshop, "resource": resource}


def _grow(site, *, groups):
    """Ten times the groups, with everything a listing could be tempted to fetch row by row."""
    tree, area = site["tree"], site["area"]
    for number in range(groups):
        group = f.group_add(
            area,
            f"Village group {number}",
            venue=f.venue_add(f"Village hall {number}", area=area),
            audiences=[f.audience("Mums"), f.audience("Bumps and babies")],
            weekday=["monday", "wednesday", "thursday", "saturday"][number % 4],
            image=_image(f"Village {number}"),
        )
        f.news_add(group, f"News from village {number}")
        f.workshop_add(
            tree.workshop_index,
            f"Workshop {number}",
            topics=[f.topic("Feeding")],
            groups=[group],
            on=timezone.localdate() + dt.timedelta(days=3 + number),
            image=_image(f"Workshop {number}"),
        )
        f.resource_add(tree.resource_index, f"Tips {number}", topics=[f.topic("Sleep")])
        f.local_service_add(f"Toddler group {number}", areas=[area])


def _addresses(site) -> dict[str, tuple[str, bool]]:
    """Every public page and feed: (address, is_feed)."""
    tree, group = site["tree"], site["group"]
    session = Session.objects.filter(page=group, start__gt=timezone.now()).order_by("start").first()
    return {
        "home": (tree.home.url, False),
        "area index": (tree.area_index.url, False),
        "area": (site["area"].url, False),
        "group": (group.url, False),
        "group news": (GroupNewsPage.objects.child_of(group).first().url, False),
        "workshop index": (tree.workshop_index.url, False),
        "workshop": (site["workshop"].url, False),
        "resource index": (tree.resource_index.url, False),
        "resource": (site["resource"].url, False),
        "local services": (tree.local_service_index.url, False),
        "standard page": (tree.privacy.url, False),
        "search": (reverse("search") + "?q=group", False),
        "search for a place": (reverse("search") + "?q=near+EH45", False),
        "session booking page": (reverse("events:session_detail", args=[session.pk]), False),
        "site feed": (reverse("events:site_ical"), True),
        "area feed": (reverse("events:area_ical", kwargs={"page_id": site["area"].pk}), True),
        "group feed": (reverse("events:page_ical", kwargs={"page_id": group.pk}), True),
        "workshop feed": (reverse("events:page_ical", kwargs={"page_id": site["workshop"].pk}), True),
    }


def _queries(client, address: str, is_feed: bool) -> int:
    assert client.get(address).status_code == 200  # routes, renditions and menus are made once
    if is_feed:
        cache.clear()
    else:
        address += ("&" if "?" in address else "?") + "from=newsletter"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def test_every_public_page_and_feed_stays_within_the_query_budget_at_any_size(
    client, site, django_capture_on_commit_callbacks
):
    addresses = _addresses(site)
    small = {name: _queries(client, address, is_feed) for name, (address, is_feed) in addresses.items()}

    with django_capture_on_commit_callbacks(execute=True):
        _grow(site, groups=10)
    assert Session.objects.count() > 10 * Session.objects.filter(page=site["group"]).count()
    large = {name: _queries(client, address, is_feed) for name, (address, is_feed) in addresses.items()}

    table = ", ".join(f"{name} {small[name]}/{large[name]}" for name in small)
    over_budget = {name: count for name, count in large.items() if count > QUERY_BUDGET}
    assert not over_budget, f"over {QUERY_BUDGET} queries: {over_budget} (queries small/large: {table})"
    grew = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not grew, f"queries grew with the data (before, after): {grew}"


def test_a_page_from_the_page_cache_runs_no_queries(client, site, django_assert_num_queries):
    for name, (address, is_feed) in _addresses(site).items():
        if is_feed or "?" in address or name == "session booking page":
            continue
        client.get(address)
        with django_assert_num_queries(0):
            assert client.get(address).status_code == 200


def _twins_everywhere():
    """Give every English page its twin (an alias until translated) in each other language."""
    english = Locale.get_default()
    for locale in Locale.objects.exclude(pk=english.pk):
        synchronize_tree(english, locale)


def _in_language(addresses, language):
    return {name: (f"/{language}{address}", is_feed) for name, (address, is_feed) in addresses.items()}


@pytest.mark.parametrize("language", ["ar", "ur", "bn", "pl"])
def test_every_page_and_feed_in_every_language_stays_within_the_budget(
    client, site, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _twins_everywhere()
    addresses = _in_language(_addresses(site), language)

    counts = {name: _queries(client, address, is_feed) for name, (address, is_feed) in addresses.items()}

    over_budget = {name: count for name, count in counts.items() if count > QUERY_BUDGET}
    assert not over_budget, f"{language}: over {QUERY_BUDGET} queries: {over_budget} (all: {counts})"


def test_pages_in_arabic_cost_the_same_at_any_size(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _twins_everywhere()
    addresses = _in_language(_addresses(site), "ar")
    small = {name: _queries(client, address, is_feed) for name, (address, is_feed) in addresses.items()}

    with django_capture_on_commit_callbacks(execute=True):
        _grow(site, groups=10)
        _twins_everywhere()
    large = {name: _queries(client, address, is_feed) for name, (address, is_feed) in addresses.items()}

    grew = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not grew, f"queries grew with the data (before, after): {grew}"
