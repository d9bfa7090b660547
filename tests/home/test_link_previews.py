"""Link previews: what a chat app or a social site shows when someone shares a page."""

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from events.models import Session
from events.services.sessions import session_cancel
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    hall = f.venue_add("Walkerburn Hall", area=borders, address="Galashiels Road\nWalkerburn", postcode="EH43 6AA")
    image = get_image_model().objects.create(title="Tots", file=get_test_image_file(size=(1600, 1200)))
    group = f.group_add(borders, "Walkerburn Tots", venue=hall, weekday="tuesday", image=image)
    return {"tree": tree, "group": group}


def _preview(client, url) -> dict[str, str]:
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    head = lxml_html.fromstring(response.content).head
    tags = {}
    for meta in head.iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith(("og:", "twitter:"))):
            tags.setdefault(key, meta.get("content"))
    return tags


def _next_sessions(group):
    return list(Session.objects.filter(page=group, start__gt=timezone.now()).order_by("start"))


def test_a_shared_group_shows_its_title_when_it_meets_and_its_picture(client, site):
    group = site["group"]
    first = timezone.localtime(_next_sessions(group)[0].start)

    tags = _preview(client, group.url)

    assert tags["og:title"] == "Walkerburn Tots"
    assert tags["og:description"] == f"Tuesdays 10:00 at Walkerburn Hall; next on Tuesday {first.day} {first:%B}"
    assert tags["og:site_name"] == "Gather Family Support"
    assert tags["og:url"] == "http://testserver/groups/scottish-borders/walkerburn-tots/"
    assert tags["og:locale"] == "en_GB"
    assert tags["og:type"] == "website"
    assert tags["twitter:card"] == "summary_large_image"
    image_url = tags["og:image"]
    assert image_url.startswith("http://testserver/media/images/") and image_url.endswith(".jpg")
    with default_storage.open(image_url.removeprefix("http://testserver/media/")) as file:
        assert Image.open(file).size == (1200, 630)
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")


def test_the_preview_skips_a_cancelled_date(client, site):
    group = site["group"]
    first, second = _next_sessions(group)[:2]
    session_cancel(session=first, reason="Hall closed")
    second_start = timezone.localtime(second.start)

    tags = _preview(client, group.url)

    assert tags["og:description"].endswith(f"next on Tuesday {second_start.day} {second_start:%B}")


def test_a_page_without_a_picture_gets_a_small_card_with_its_introduction(client, site):
    tags = _preview(client, site["tree"].privacy.url)

    assert tags["og:title"] == "Privacy"
    assert tags["og:description"] == "What we keep about you, and why."
    assert "og:image" not in tags
    assert tags["twitter:card"] == "summary"


def test_a_page_in_urdu_is_shared_as_urdu(client, site):
    tags = _preview(client, "/ur" + site["group"].url + "?from=newsletter")

    assert tags["og:locale"] == "ur"
    assert tags["og:url"] == "http://testserver/ur/groups/scottish-borders/walkerburn-tots/"


def test_a_shared_session_says_its_day_time_and_place(client, site):
    session = _next_sessions(site["group"])[0]
    start = timezone.localtime(session.start)

    tags = _preview(client, reverse("events:session_detail", args=[session.pk]))

    assert tags["og:title"] == "Walkerburn Tots"
    assert tags["og:description"] == f"Tuesday {start.day} {start:%B}, 10:00 at Walkerburn Hall"
    assert tags["og:url"] == f"http://testserver/sessions/{session.pk}/"
