"""sitemap.xml and robots.txt as a search engine reads them, and the noindex on private links."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from wagtail.models import PageViewRestriction

from events.models import Session
from events.services.bookings import booking_create
from tests import factories as f
from tests.support.family_support import family_asking

pytestmark = pytest.mark.django_db

NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ORIGIN = "http://testserver"  # the Site the factories make


@pytest.fixture
def site(db):
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    eyemouth = f.area_add(tree, "Eyemouth")
    peebles = f.group_add(borders, "Peebles Parents", weekday="tuesday")
    hidden = f.group_add(eyemouth, "Harbour Lights", weekday="tuesday")
    f.group_add(eyemouth, "Eyemouth Dads", weekday="friday")
    session = Session.objects.filter(page=peebles, start__gt=timezone.now()).order_by("start").first()
    family = booking_create(session=session, first_name="Morag", email="morag@example.org", consent=True).contact
    worker = get_user_model().objects.create_user("sara-worker")
    support_page, _free, asked = family_asking(borders, worker, first_name="Ishbel")
    return {
        "tree": tree,
        "eyemouth": eyemouth,
        "peebles": peebles,
        "hidden": hidden,
        "family": family,
        "support_page": support_page,
        "asked": asked,
    }


def _sitemap(client) -> dict[str, dict[str, str]]:
    """Each address in the sitemap, with its alternates by hreflang."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)
        }
        for url in root.findall("s:url", NAMESPACES)
    }


def test_every_public_page_is_in_the_sitemap_in_every_language_naming_its_twins(client, site):
    urls = _sitemap(client)

    peebles = f"{ORIGIN}/groups/scottish-borders/peebles-parents/"
    for address in [f"{ORIGIN}/", f"{ORIGIN}/groups/", f"{ORIGIN}/privacy/", peebles]:
        assert address in urls, address
    assert f"{ORIGIN}/ur/groups/scottish-borders/peebles-parents/" in urls
    assert urls[peebles] == {
        "en-GB": peebles,
        "ar": f"{ORIGIN}/ar/groups/scottish-borders/peebles-parents/",
        "ur": f"{ORIGIN}/ur/groups/scottish-borders/peebles-parents/",
        "bn": f"{ORIGIN}/bn/groups/scottish-borders/peebles-parents/",
        "pl": f"{ORIGIN}/pl/groups/scottish-borders/peebles-parents/",
        "x-default": peebles,
    }
    # Every address answers, in its language.
    for address in [peebles, f"{ORIGIN}/ur/groups/scottish-borders/peebles-parents/"]:
        assert client.get(address.removeprefix(ORIGIN)).status_code == 200, address


def _make_private(site, kind):
    if kind == "unpublished_parent":
        site["eyemouth"].unpublish()
    elif kind == "unpublished":
        site["hidden"].unpublish()
    elif kind == "groups":
        restriction = PageViewRestriction.objects.create(page=site["hidden"], restriction_type=kind)
        restriction.groups.add(Group.objects.create(name="Harbour members"))
    else:
        PageViewRestriction.objects.create(page=site["hidden"], restriction_type=kind, password="tea")


@pytest.mark.parametrize("kind", ["password", "login", "groups", "unpublished_parent", "unpublished"])
def test_a_private_or_unpublished_page_is_never_in_the_sitemap(client, site, kind):
    assert any("harbour-lights" in address for address in _sitemap(client))

    _make_private(site, kind)

    urls = _sitemap(client)
    assert not [address for address in urls if "harbour-lights" in address]
    alternates = [address for alternates in urls.values() for address in alternates.values()]
    assert not [address for address in alternates if "harbour" in address]
    assert f"{ORIGIN}/groups/scottish-borders/peebles-parents/" in urls


def test_private_links_are_never_in_the_sitemap(client, site):
    family = site["family"]
    text = client.get("/sitemap.xml").content.decode()
    assert family.manage_token not in text and family.feed_token not in text
    assert "/booking/" not in text and "/calendar/" not in text and "/check-in/" not in text
    assert site["asked"].contact.manage_token not in text and "/one-to-one/" not in text.replace(
        site["support_page"].url, ""
    )


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_private_links(client, site):
    response = client.get("/robots.txt", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines
    for private in ["/booking/", "/ur/booking/", "/t/", "/check-in/", "/calendar/personal/", "/admin/", "/one-to-one/"]:
        assert f"Disallow: {private}" in lines, private
    assert "Disallow: /" not in lines  # the public pages stay open


def test_private_links_tell_search_engines_not_to_index_them(client, site):
    family = site["family"]
    booking = family.bookings.get()
    for address in [
        reverse("events:booking_manage", args=[family.manage_token]),
        reverse("events:booking_change", args=[family.manage_token, booking.pk]),
        reverse("events:booking_cancel", args=[family.manage_token, booking.pk]),
        reverse("events:contact_channels", args=[family.manage_token]),
        reverse("events:private_link_reset", args=[family.manage_token]),
        reverse("events:personal_ical", args=[family.feed_token]),
        reverse("support:manage", args=[site["asked"].contact.manage_token]),
    ]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["X-Robots-Tag"] == "noindex, nofollow", address


def test_public_pages_may_be_indexed(client, site):
    for address in ["/", site["peebles"].url, reverse("events:site_ical"), site["support_page"].url]:
        response = client.get(address)
        assert "X-Robots-Tag" not in response, address
        assert 'name="robots"' not in response.content.decode(), address
