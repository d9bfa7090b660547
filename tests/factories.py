"""A small site tree builder for tests: real pages, schedules and sessions.

Pages are created and then published through a revision, as an editor would, so
that search indexes the page with its audiences, topics and venue.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
import recurrence
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.models import Collection, Locale, Page, Site

from events.models import (
    AreaIndexPage,
    AreaPage,
    GroupNewsPage,
    GroupPage,
    Schedule,
    Venue,
    WorkshopIndexPage,
    WorkshopPage,
)
from events.services import page_sessions_sync
from home.models import Audience, HomePage, SiteSettings, StandardPage, Topic
from resources.models import LocalService, LocalServiceIndexPage, ResourceIndexPage, ResourcePage

WEEKDAYS = {
    "monday": recurrence.MO,
    "tuesday": recurrence.TU,
    "wednesday": recurrence.WE,
    "thursday": recurrence.TH,
    "friday": recurrence.FR,
    "saturday": recurrence.SA,
    "sunday": recurrence.SU,
}


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


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, page):
    parent.add_child(instance=page)
    return publish(page)


@dataclass
class SiteTree:
    site: Site
    home: HomePage
    area_index: AreaIndexPage
    workshop_index: WorkshopIndexPage
    resource_index: ResourceIndexPage
    local_service_index: LocalServiceIndexPage
    privacy: StandardPage


def tree_root() -> Page:
    """Wagtail's root page, made again (with the default locale and root collection) when a
    transactional test flushed the ones Wagtail's migrations create."""
    root = Page.get_first_root_node()
    if root is not None:
        return root
    # The flush also emptied django_content_type, which ContentType's cache does not know.
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.add_root(instance=Page(title="Root", slug="root"))


def site_tree() -> SiteTree:
    """The home page and its index pages, with site settings filled in, as the only site."""
    root = tree_root()
    for page in root.get_children():
        page.delete()
    home = HomePage(
        title="Gather", slug="home", introduction="Friendly groups for parents of young children.", show_in_menus=False
    )
    root.add_child(instance=home)
    publish(home)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Gather")

    area_index = add_page(
        home, AreaIndexPage(title="Groups near you", slug="groups", show_in_menus=True, introduction="Where we meet.")
    )
    workshop_index = add_page(
        home, WorkshopIndexPage(title="Workshops", slug="workshops", show_in_menus=True, introduction="Speakers.")
    )
    resource_index = add_page(
        home, ResourceIndexPage(title="Help and ideas", slug="resources", show_in_menus=True, introduction="Tips.")
    )
    local_service_index = add_page(
        home,
        LocalServiceIndexPage(
            title="Local services", slug="local-services", show_in_menus=True, introduction="Other help nearby."
        ),
    )
    privacy = add_page(
        home,
        StandardPage(
            title="Privacy",
            slug="privacy",
            introduction="What we keep about you, and why.",
            body=[("paragraph", "<p>We keep your first name and one way to reach you.</p>")],
        ),
    )
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": "Gather Family Support",
            "tagline": "Meet other parents near you",
            "contact_email": "hello@gather.example",
            "contact_phone": "0141 496 0000",
            "charity_number": "SC012345",
            "privacy_page": privacy,
            "funder_acknowledgements": "<p>Funded by the Village Trust.</p>",
        },
    )
    return SiteTree(site, home, area_index, workshop_index, resource_index, local_service_index, privacy)


def topic(name) -> Topic:
    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def audience(name) -> Audience:
    return Audience.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def area_add(tree: SiteTree, title, **fields) -> AreaPage:
    return add_page(tree.area_index, AreaPage(title=title, introduction=f"Groups in {title}.", **fields))


def venue_add(name, *, area=None, postcode="EH45 8AA", **fields) -> Venue:
    fields.setdefault("address", f"{name}\nHigh Street")
    return Venue.objects.create(name=name, postcode=postcode, area=area, **fields)


def schedule_add(page, *, weekday="tuesday", start_time=dt.time(10), starts_on=None, places=12, creche_places=0):
    """A weekly schedule from `starts_on` (default: today), with its sessions made."""
    Schedule.objects.create(
        page=page,
        recurrences=recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[WEEKDAYS[weekday]])]),
        starts_on=starts_on or timezone.localdate(),
        start_time=start_time,
        duration_minutes=120,
        adult_places=places,
        creche_places=creche_places,
    )
    page_sessions_sync(page=page)


def one_off_add(page, *, on, start_time=dt.time(10), places=12):
    Schedule.objects.create(page=page, starts_on=on, ends_on=on, start_time=start_time, adult_places=places)
    page_sessions_sync(page=page)


def group_add(area, title, *, venue=None, audiences=(), weekday=None, start_time=dt.time(10), **fields) -> GroupPage:
    fields.setdefault("summary", f"A friendly group in {title}.")
    fields.setdefault("what_happens", "<p>Tea, chat and toys. Babies and toddlers play while we talk.</p>")
    fields.setdefault("first_visit", "<p>Just come along; someone will say hello at the door.</p>")
    group = GroupPage(title=title, venue=venue, **fields)
    group.audiences = list(audiences)
    area.add_child(instance=group)
    if weekday:
        schedule_add(group, weekday=weekday, start_time=start_time)
    return publish(group)


def news_add(group, title, *, on=None, summary="") -> GroupNewsPage:
    return add_page(
        group,
        GroupNewsPage(
            title=title,
            date=on or timezone.localdate(),
            summary=summary,
            body=[("paragraph", f"<p>{title}: a lovely morning.</p>")],
        ),
    )


def workshop_add(index, title, *, topics=(), groups=(), on=None, venue=None, **fields) -> WorkshopPage:
    fields.setdefault("summary", f"A workshop about {title.lower()}.")
    fields.setdefault("description", "<p>A short talk, then time for questions over tea.</p>")
    workshop = WorkshopPage(title=title, venue=venue, **fields)
    workshop.topics = list(topics)
    workshop.groups = list(groups)
    index.add_child(instance=workshop)
    if on:
        one_off_add(workshop, on=on)
    return publish(workshop)


def resource_add(index, title, *, kind="hints", topics=(), body=(), **fields) -> ResourcePage:
    fields.setdefault("summary", f"{title}, in a few minutes' reading.")
    resource = ResourcePage(title=title, kind=kind, body=list(body), **fields)
    resource.topics = list(topics)
    index.add_child(instance=resource)
    return publish(resource)


def local_service_add(name, *, areas=(), topics=(), **fields) -> LocalService:
    fields.setdefault("description", f"{name} for families with young children.")
    service = LocalService.objects.create(name=name, **fields)
    service.areas.set(areas)
    service.topics.set(topics)
    return service


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
