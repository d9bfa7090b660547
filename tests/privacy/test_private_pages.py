"""A group behind a view restriction or an unpublished page stays off every public surface.

One list, SURFACES, names every public address: the Wagtail pages of each type and
every public URL name the resolver knows. A test fails when a public URL name or a
page type appears that the list does not cover, so a surface added later is checked
too. Each surface is visited once before the group goes private (filling the page
cache and the feed caches, as real traffic would) and again after.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction, get_page_models

from events.models import Booking, GroupNewsPage, Session, TopicSuggestion, WaitingEntry
from events.services.bookings import booking_create
from tests import factories as f
from tests.support.family_support import family_asking

pytestmark = pytest.mark.django_db

# Addresses a family reaches only through their own secret link: they show what
# that family booked (see the tests at the end), never anyone else's group.
FAMILY_URL_NAMES = {
    "events:booking_manage",
    "events:booking_change",
    "events:booking_cancel",
    "events:booking_run_cancel",
    "events:waiting_leave",
    "events:private_link_reset",
    "events:contact_channels",
    # Topic ideas and votes for the family's own public groups, and booking a workshop they chose.
    "events:topics_family",
    "events:topic_vote",
    "events:topic_vote_withdraw",
    "events:topic_workshop_book",
    # An anonymous check-in: reached only by the one-use link the family was sent.
    "events:check_in_answer",
    # The family's own one-to-one request: its time, and cancelling or asking for another.
    "support:manage",
    "support:text_link",
}
PUBLIC_NAMESPACES = {"events", "search", "support"}

KINDS = ["password", "login", "groups", "unpublished_parent", "unpublished"]


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.GATHER_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        tree = f.site_tree()
        borders = f.area_add(tree, "Scottish Borders")
        eyemouth = f.area_add(tree, "Eyemouth")
        peebles = f.group_add(
            borders, "Peebles Parents", venue=f.venue_add("Peebles Burgh Hall", area=borders), weekday="tuesday"
        )
        hidden = f.group_add(
            eyemouth,
            "Harbour Lights",
            venue=f.venue_add("Smugglers Boathouse", area=eyemouth),
            weekday="tuesday",
            start_time=dt.time(19, 45),
        )
        # A public group beside the hidden one, so the area's own surfaces show something.
        f.group_add(eyemouth, "Eyemouth Dads", weekday="friday")
        f.news_add(peebles, "Peebles sing-along")
        f.news_add(hidden, "Harbour Lights open evening")
        workshop = f.workshop_add(
            tree.workshop_index,
            "Sleep and little ones",
            groups=[peebles, hidden],
            on=timezone.localdate() + dt.timedelta(days=12),
        )
        resource = f.resource_add(tree.resource_index, "Ten ideas for rainy days")
        support_page, support_slot, _asked = family_asking(
            borders, get_user_model().objects.create_user("sara-worker"), first_name="Morven"
        )
    hidden_session = Session.objects.filter(page=hidden, start__gt=timezone.now()).order_by("start").first()
    public_session = Session.objects.filter(page=peebles, start__gt=timezone.now()).order_by("start").first()
    # A family that only ever booked the public group, for the personal feed.
    other_family = booking_create(
        session=public_session, first_name="Morag", email="morag@example.org", consent=True
    ).contact
    return SimpleNamespace(
        tree=tree,
        borders=borders,
        eyemouth=eyemouth,
        peebles=peebles,
        hidden=hidden,
        workshop=workshop,
        resource=resource,
        hidden_session=hidden_session,
        public_session=public_session,
        other_family=other_family,
        support_page=support_page,
        support_slot=support_slot,
    )


def make_private(site, kind):
    if kind == "unpublished_parent":
        site.eyemouth.unpublish()
        site.hidden.refresh_from_db()
        assert site.hidden.live, "the group itself stays published: only the area above it is not"
    elif kind == "unpublished":
        site.hidden.unpublish()
    elif kind == "groups":
        restriction = PageViewRestriction.objects.create(page=site.hidden, restriction_type=kind)
        restriction.groups.add(Group.objects.create(name="Harbour members"))
    else:
        PageViewRestriction.objects.create(page=site.hidden, restriction_type=kind, password="tea")


def hidden_markers(site) -> list[str]:
    """What would give the hidden group away: its name, venue, meeting time and booking links."""
    return [
        "Harbour Lights",
        "Smugglers Boathouse",
        "7:45",  # the time on a page
        "T194500",  # the time in a calendar file
        reverse("events:session_detail", args=[site.hidden_session.pk]),
        reverse("events:session_ical", args=[site.hidden_session.pk]),
    ]


# Every public surface -----------------------------------------------------------


@dataclass
class Surface:
    """One public address; `shows` is what it lists while the hidden group is hidden (the check can see)."""

    name: str
    url_name: str | None
    page_type: type | None
    address: str
    shows: str


def surfaces(site) -> list[Surface]:
    tree = site.tree
    news = GroupNewsPage.objects.child_of(site.peebles).get()
    hidden_news = GroupNewsPage.objects.child_of(site.hidden).get()

    def page(name, page, shows):
        return Surface(name, None, type(page.specific), page.url, shows)

    def url(name, url_name, shows, *args, query=""):
        return Surface(name, url_name, None, reverse(url_name, args=args) + query, shows)

    return [
        page("home", tree.home, "Peebles Parents"),
        page("area index", tree.area_index, "Scottish Borders"),
        page("area of the public group", site.borders, "Peebles Parents"),
        page("area of the hidden group", site.eyemouth, "Eyemouth Dads"),
        page("public group", site.peebles, "Peebles Burgh Hall"),
        page("hidden group's own page", site.hidden, ""),
        page("group news", news, "Peebles sing-along"),
        page("hidden group's news", hidden_news, ""),
        page("workshop index", tree.workshop_index, "Sleep and little ones"),
        page("workshop run with both groups", site.workshop, "Peebles Parents"),
        page("resource index", tree.resource_index, "Ten ideas"),
        page("resource", site.resource, "Ten ideas"),
        page("local services", tree.local_service_index, "Local services"),
        page("standard page", tree.privacy, "What we keep"),
        page("one-to-one page", site.support_page, reverse("support:ask", args=[site.support_slot.pk])),
        url("search by type", "search", "Peebles Parents", query="?type=group"),
        url("search by words", "search", "Peebles Parents", query="?q=tuesday"),
        url("search by area", "search", "", query=f"?area={site.eyemouth.slug}"),
        url("search by day", "search", "Peebles Parents", query="?day=tuesday"),
        url("public session", "events:session_detail", "Peebles Parents", site.public_session.pk),
        url("hidden session", "events:session_detail", "", site.hidden_session.pk),
        url("site feed", "events:site_ical", "Peebles Parents"),
        url("public area feed", "events:area_ical", "Peebles Parents", site.borders.pk),
        url("hidden group's area feed", "events:area_ical", "Eyemouth Dads", site.eyemouth.pk),
        url("public group feed", "events:page_ical", "Peebles Parents", site.peebles.pk),
        url("hidden group feed", "events:page_ical", "", site.hidden.pk),
        url("workshop feed", "events:page_ical", "Sleep and little ones", site.workshop.pk),
        url("public session feed", "events:session_ical", "Peebles Parents", site.public_session.pk),
        url("hidden session feed", "events:session_ical", "", site.hidden_session.pk),
        url("another family's feed", "events:personal_ical", "Peebles Parents", site.other_family.feed_token),
        url("one-to-one ask form", "support:ask", "Ask for a one-to-one session", site.support_slot.pk),
    ]


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def public_url_names() -> set[str]:
    """Every named address in the public namespaces (the booking app and search)."""
    return {name for name in _url_names(get_resolver().url_patterns) if name.split(":")[0] in PUBLIC_NAMESPACES}


def test_every_public_url_name_and_page_type_is_on_the_list(site):
    listed = surfaces(site)

    unlisted_names = public_url_names() - FAMILY_URL_NAMES - {s.url_name for s in listed}
    assert not unlisted_names, f"public addresses the privacy check does not visit: {sorted(unlisted_names)}"
    apps = {"home", "events", "resources", "support"}
    page_types = {model for model in get_page_models() if model._meta.app_label in apps}
    unlisted_types = page_types - {s.page_type for s in listed}
    assert not unlisted_types, f"page types the privacy check does not visit: {sorted(map(str, unlisted_types))}"


def _visit(client, surface):
    response = client.get(surface.address)
    return response.status_code, response.content.decode().replace("\r\n ", "")


def test_while_public_every_surface_shows_the_group_so_the_check_would_see_a_leak(client, site):
    # The hidden group's feed, session page and news list it by name; the listings
    # list its session (time, booking link) too.
    seen = {marker: [] for marker in hidden_markers(site)}
    for surface in surfaces(site):
        status, body = _visit(client, surface)
        assert status == 200, surface.name
        assert surface.shows in body, f"{surface.name} should show {surface.shows!r}"
        for marker in seen:
            if marker in body:
                seen[marker].append(surface.name)

    booking_link = reverse("events:session_detail", args=[site.hidden_session.pk])
    expected = {
        "Harbour Lights": ["home", "area of the hidden group", "site feed", "search by type"],
        "Smugglers Boathouse": ["area of the hidden group", "site feed", "hidden session"],
        "7:45": ["home", "area of the hidden group", "hidden session"],
        "T194500": ["site feed", "hidden group's area feed", "hidden group feed", "hidden session feed"],
        booking_link: ["home", "area of the hidden group"],
    }
    for marker, names in expected.items():
        assert set(names) <= set(seen[marker]), f"{marker!r} is on {seen[marker]}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_private_group_is_on_no_public_surface(client, site, kind, django_capture_on_commit_callbacks):
    listed = surfaces(site)
    for surface in listed:  # as visitors had before: pages and feeds now cached
        _visit(client, surface)

    with django_capture_on_commit_callbacks(execute=True):
        make_private(site, kind)

    leaks = {}
    for surface in listed:
        status, body = _visit(client, surface)
        shown = [marker for marker in hidden_markers(site) if marker in body]
        if shown:
            leaks[surface.name] = shown
        if "hidden" in surface.name:
            # The hidden group's own addresses (and its area's, when that is what was
            # unpublished) may stop answering; whatever they still answer is checked.
            assert status != 200 or surface.shows in body, f"{surface.name} ({kind}) lost {surface.shows!r}"
        else:
            assert status == 200, f"{surface.name} ({kind}) answered {status}"
            assert surface.shows in body, f"{surface.name} ({kind}) no longer shows {surface.shows!r}"
    assert not leaks, f"{kind}: {leaks}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_hidden_groups_session_pages_and_feeds_are_not_found(client, site, kind):
    make_private(site, kind)

    for address in [
        reverse("events:session_detail", args=[site.hidden_session.pk]),
        reverse("events:session_ical", args=[site.hidden_session.pk]),
        reverse("events:page_ical", args=[site.hidden.pk]),
    ]:
        assert client.get(address).status_code == 404, address
    if kind == "unpublished_parent":
        assert client.get(reverse("events:area_ical", args=[site.eyemouth.pk])).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["book", "wait"])
def test_no_one_can_book_or_join_the_waiting_list_of_a_private_group(client, site, kind, action):
    if action == "wait":
        Session.objects.filter(pk=site.hidden_session.pk).update(adult_places=0)
    make_private(site, kind)
    data = {
        "first_name": "Ishbel",
        "email": "ishbel@example.org",
        "adults": "1",
        "children": "0",
        "creche_children": "0",
        "consent": "on",
        "request_key": str(uuid.uuid4()),
        "action": action,
        "website": "",
    }

    response = client.post(reverse("events:session_detail", args=[site.hidden_session.pk]), data)

    assert response.status_code == 404
    body = response.content.decode()
    assert not [marker for marker in hidden_markers(site) if marker in body]
    assert not Booking.objects.filter(session=site.hidden_session).exists()
    assert not WaitingEntry.objects.filter(session=site.hidden_session).exists()


# The family who booked before the group went private ----------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_family_who_booked_still_sees_their_booking_on_their_own_link_and_feed(client, site, kind):
    contact = booking_create(
        session=site.hidden_session, first_name="Ishbel", email="ishbel@example.org", consent=True
    ).contact
    make_private(site, kind)

    manage = client.get(reverse("events:booking_manage", args=[contact.manage_token])).content.decode()
    feed = client.get(reverse("events:personal_ical", args=[contact.feed_token])).content.decode()

    assert "Harbour Lights" in manage
    assert "Harbour Lights" in feed
    assert "T194500" in feed.replace("\r\n ", "")
    # Their link shows their own group only.
    assert "Peebles Parents" not in manage
    assert "Peebles Parents" not in feed


@pytest.mark.parametrize("kind", KINDS)
def test_a_private_group_takes_no_topic_ideas_and_shows_none(client, site, kind):
    contact = booking_create(
        session=site.hidden_session, first_name="Ishbel", email="ishbel@example.org", consent=True
    ).contact
    TopicSuggestion.objects.create(title="Harbour Lights picnic", group=site.hidden, status="approved")
    make_private(site, kind)

    ideas = client.get(reverse("events:topics_family", args=[contact.manage_token])).content.decode()
    booking = client.get(reverse("events:topic_workshop_book", args=[contact.manage_token, site.hidden_session.pk]))

    assert "Harbour Lights" not in ideas
    assert booking.status_code == 404


def test_a_private_group_stays_out_of_another_familys_feed_even_when_booked_by_others(client, site):
    booking_create(session=site.hidden_session, first_name="Ishbel", email="ishbel@example.org", consent=True)
    make_private(site, "password")

    feed = client.get(reverse("events:personal_ical", args=[site.other_family.feed_token])).content.decode()

    assert "Peebles Parents" in feed
    assert "Harbour Lights" not in feed


def test_areas_do_not_count_private_groups(client, site):
    def eyemouth_count():
        body = client.get(site.tree.area_index.url, {"fresh": uuid.uuid4().hex}).content.decode()
        section = body.split("Eyemouth", 1)[1][:400]
        return re.search(r"(\d+) group", section).group(1)

    assert eyemouth_count() == "2"
    make_private(site, "password")
    assert eyemouth_count() == "1"
