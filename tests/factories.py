"""Builders for tests: a small site tree of real pages, schedules and sessions.

The builders themselves live with the apps (home/builders.py, events/builders.py,
resources/builders.py) and serve the demo content too; this module names them as the
tests have always called them, and adds the test-only pieces: a site tree that is the
only site, and embed finders that stand in for the video site.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.models import Site

from events import builders as events_builders
from events.builders import group_add, news_add, venue_add, workshop_add
from events.models import AreaIndexPage, AreaPage, WorkshopIndexPage
from events.services.sessions import page_sessions_sync
from home.builders import (
    audience_ensure,
    default_site_ensure,
    home_ensure,
    page_add,
    publish,
    site_settings_fill,
    topic_ensure,
    tree_root,
)
from home.models import Audience, HomePage, StandardPage, Topic
from resources.builders import local_service_add, resource_add
from resources.models import LocalServiceIndexPage, ResourceIndexPage

__all__ = [
    "SiteTree",
    "add_page",
    "area_add",
    "audience",
    "group_add",
    "local_service_add",
    "news_add",
    "offline_embeds",
    "one_off_add",
    "online_embeds",
    "publish",
    "resource_add",
    "schedule_add",
    "site_tree",
    "topic",
    "tree_root",
    "venue_add",
    "workshop_add",
]


class OfflineEmbedFinder(EmbedFinder):
    """Stands in for YouTube when there is no network: every lookup fails."""

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        raise EmbedNotFoundException(f"offline: {url}")


class FixedEmbedFinder(EmbedFinder):
    """Answers every lookup with a fixed player, as YouTube would when online."""

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Our Story So Far",
            "author_name": "Mums Supporting Mums",
            "provider_name": "YouTube",
            "type": "video",
            "thumbnail_url": "",
            "width": 480,
            "height": 270,
            "html": '<iframe title="Our Story So Far" width="480" height="270" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        }


@dataclass
class SiteTree:
    site: Site
    home: HomePage
    area_index: AreaIndexPage
    workshop_index: WorkshopIndexPage
    resource_index: ResourceIndexPage
    local_service_index: LocalServiceIndexPage
    privacy: StandardPage


def add_page(parent, page):
    return page_add(parent, page)


def site_tree() -> SiteTree:
    """The home page and its index pages, with site settings filled in, as the only site."""
    for page in tree_root().get_children():
        page.delete()
    Site.objects.all().delete()
    home, _ = home_ensure(title="Gather", introduction="Friendly groups for parents of young children.")
    site, _ = default_site_ensure(home)

    area_index = page_add(
        home, AreaIndexPage(title="Groups near you", slug="groups", show_in_menus=True, introduction="Where we meet.")
    )
    workshop_index = page_add(
        home, WorkshopIndexPage(title="Workshops", slug="workshops", show_in_menus=True, introduction="Speakers.")
    )
    resource_index = page_add(
        home, ResourceIndexPage(title="Help and ideas", slug="resources", show_in_menus=True, introduction="Tips.")
    )
    local_service_index = page_add(
        home,
        LocalServiceIndexPage(
            title="Local services", slug="local-services", show_in_menus=True, introduction="Other help nearby."
        ),
    )
    privacy = page_add(
        home,
        StandardPage(
            title="Privacy",
            slug="privacy",
            introduction="What we keep about you, and why.",
            body=[("paragraph", "<p>We keep your first name and one way to reach you.</p>")],
        ),
    )
    site_settings_fill(
        site,
        organisation_name="Gather Family Support",
        tagline="Meet other parents near you",
        contact_email="hello@gather.example",
        contact_phone="0141 496 0000",
        charity_number="SC012345",
        privacy_page=privacy,
        funder_acknowledgements="<p>Funded by the Village Trust.</p>",
    )
    return SiteTree(site, home, area_index, workshop_index, resource_index, local_service_index, privacy)


def topic(name) -> Topic:
    return topic_ensure(name)[0]


def audience(name) -> Audience:
    return audience_ensure(name)[0]


def area_add(tree: SiteTree, title, **fields) -> AreaPage:
    return events_builders.area_add(tree.area_index, title, **fields)


def schedule_add(page, *, weekday="tuesday", start_time=dt.time(10), starts_on=None, places=12, creche_places=0):
    """A weekly schedule from `starts_on` (default: today), with its sessions made."""
    events_builders.schedule_add(
        page, weekday=weekday, start_time=start_time, starts_on=starts_on, places=places, creche_places=creche_places
    )
    page_sessions_sync(page=page)


def one_off_add(page, *, on, start_time=dt.time(10), places=12):
    events_builders.one_off_add(page, on=on, start_time=start_time, places=places)
    page_sessions_sync(page=page)


@pytest.fixture
def offline_embeds(settings):
    """Video lookups fail, as on a machine with no network."""
    yield from _embed_finder(settings, "tests.factories.OfflineEmbedFinder")


@pytest.fixture
def online_embeds(settings):
    """Video lookups answer with a player, as YouTube would."""
    yield from _embed_finder(settings, "tests.factories.FixedEmbedFinder")


def _embed_finder(settings, dotted_path):
    # Wagtail remembers its finders; forget them on the way in and out.
    get_finders.cache_clear()
    settings.WAGTAILEMBEDS_FINDERS = [{"class": dotted_path}]
    yield
    get_finders.cache_clear()
