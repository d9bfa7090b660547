"""axe finds no serious or critical problems on any page type, on a phone or a desktop."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.embeds.blocks import EmbedValue

from events.models import Session
from events.services.sessions import session_cancel
from home.models import StandardPage
from tests import factories as f
from tests.factories import offline_embeds  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _site():
    """One page of every type, with the content that makes each one busy."""
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    hall = f.venue_add("Walkerburn Public Hall", area=borders, step_free_access=True, parking="Beside the hall")
    group = f.group_add(
        borders,
        "Walkerburn Mums Group",
        venue=hall,
        audiences=[f.audience("Mums"), f.audience("Bumps and babies")],
        weekday="monday",
        has_creche=True,
        leaders="Emma and Rachel",
        women_only=True,
    )
    session_cancel(session=Session.objects.filter(page=group).order_by("start").first(), reason="Hall closed")
    news = f.news_add(group, "Our fancy dress buggy walk")
    workshop = f.workshop_add(
        tree.workshop_index,
        "Sleep and settling",
        topics=[f.topic("Sleep")],
        groups=[group],
        venue=hall,
        speaker="A health visitor",
        on=timezone.localdate() + dt.timedelta(days=5),
    )
    f.workshop_add(tree.workshop_index, "Knowing your rights")
    film = f.resource_add(
        tree.resource_index,
        "Our Story So Far",
        kind="film",
        topics=[f.topic("Sleep")],
        body=[
            (
                "video",
                {
                    "video": EmbedValue("https://www.youtube.com/watch?v=abcdefghijk"),
                    "title": "Our Story So Far",
                    "transcript": "<p>Mums talk about their groups.</p>",
                },
            ),
            ("quote", {"text": "I feel part of the village now.", "attribution": "A mum in Peebles"}),
        ],
    )
    f.local_service_add("Library bus", areas=[borders], topics=[f.topic("Sleep")], phone="01896 000 000")
    about = f.add_page(
        tree.home,
        StandardPage(
            title="About us",
            slug="about",
            introduction="Parents helping parents.",
            body=[("heading", {"text": "How we started", "size": "h2"}), ("paragraph", "<p>With a kettle.</p>")],
        ),
    )
    return [
        "/",
        about.url,
        tree.area_index.url,
        borders.url,
        group.url,
        news.url,
        tree.workshop_index.url,
        workshop.url,
        tree.resource_index.url,
        film.url,
        tree.local_service_index.url + "?area=scottish-borders",
        "/search/?q=walkerburn",
        "/search/?q=swimming&day=friday",
        "/no-such-page/",
    ]


def _check_every_page(page, live_server, check):
    for path in _site():
        response = page.goto(live_server.url + path)
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        check(page)


def test_every_page_type_passes_axe_on_a_phone(
    phone_page,
    live_server,
    assert_no_serious_axe_violations,
    offline_embeds,  # noqa: F811
):
    _check_every_page(phone_page, live_server, assert_no_serious_axe_violations)


def test_every_page_type_passes_axe_on_a_desktop(
    desktop_page,
    live_server,
    assert_no_serious_axe_violations,
    offline_embeds,  # noqa: F811
):
    _check_every_page(desktop_page, live_server, assert_no_serious_axe_violations)
