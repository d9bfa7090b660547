"""Area, group, news and workshop pages: where they can go, what they show, what they cost."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import (
    AreaIndexPage,
    AreaPage,
    GroupNewsPage,
    GroupPage,
    Session,
    WorkshopIndexPage,
    WorkshopPage,
)
from events.models.schedules import BookingMode
from events.selectors.pages import AREA_INDEX_AREAS, AREA_PAGE_GROUPS, WORKSHOP_INDEX_WORKSHOPS
from events.services.bookings import booking_create
from events.services.sessions import session_add, session_cancel, session_move
from home.models import HomePage, StandardPage
from resources.models import LocalServiceIndexPage, ResourceIndexPage, ResourcePage
from support.models import SupportPage
from tests import factories as f

ISO_WITH_OFFSET = re.compile(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d">')


class TestPageTreeRules(WagtailPageTestCase):
    """Page types can only be created where they make sense."""

    def setUp(self):
        self.tree = f.site_tree()
        self.area = f.area_add(self.tree, "Scottish Borders")
        self.group = f.group_add(self.area, "Peebles Mums and Tots")

    def test_home_page_takes_the_index_pages_and_plain_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {AreaIndexPage, WorkshopIndexPage, ResourceIndexPage, LocalServiceIndexPage, StandardPage},
        )

    def test_groups_live_in_areas_and_news_in_groups(self):
        self.assertAllowedParentPageTypes(GroupPage, {AreaPage})
        self.assertAllowedParentPageTypes(GroupNewsPage, {GroupPage})
        # A programme's one-to-one page (support/) sits beside its groups.
        self.assertAllowedSubpageTypes(AreaPage, {GroupPage, SupportPage})
        self.assertAllowedSubpageTypes(GroupPage, {GroupNewsPage})
        self.assertCanNotCreateAt(HomePage, GroupPage)
        self.assertCanNotCreateAt(AreaIndexPage, GroupPage)

    def test_workshops_and_resources_have_their_own_index(self):
        self.assertAllowedParentPageTypes(WorkshopPage, {WorkshopIndexPage})
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertCanNotCreateAt(AreaPage, WorkshopPage)
        self.assertAllowedSubpageTypes(WorkshopPage, set())
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_each_index_page_exists_once(self):
        home = self.tree.home
        for index_model in (AreaIndexPage, WorkshopIndexPage, ResourceIndexPage, LocalServiceIndexPage):
            self.assertFalse(index_model.can_create_at(home), index_model)
        self.assertFalse(HomePage.can_create_at(home.get_parent()))

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_an_editor_can_create_a_group_page_in_the_admin(self):
        self.login()
        self.assertCanCreate(
            self.area,
            GroupPage,
            nested_form_data(
                {
                    "title": "Walkerburn Mums Group",
                    "slug": "walkerburn",
                    "summary": "An afternoon group for mums in Walkerburn.",
                    "what_happens": rich_text("<p>Tea and toys.</p>"),
                    "first_visit": rich_text("<p>Just come along.</p>"),
                    "languages": "English",
                    "cost": "Free",
                    "children_welcome": "on",
                    "leaders": "Emma",
                    "schedules": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        )
        created = GroupPage.objects.get(slug="walkerburn", alias_of__isnull=True)
        assert created.live
        assert created.get_parent().pk == self.area.pk

    def test_group_and_news_previews_work(self):
        news = f.news_add(self.group, "Picnic in the park")
        self.assertPageIsPreviewable(
            self.group,
            post_data=nested_form_data(
                {
                    "title": "Peebles Mums and Tots",
                    "slug": self.group.slug,
                    "summary": "Songs and toys on Wednesdays.",
                    "what_happens": rich_text("<p>Songs, toys and tea.</p>"),
                    "first_visit": rich_text(""),
                    "languages": "English",
                    "cost": "Free",
                    "schedules": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertPageIsPreviewable(
            news,
            post_data=nested_form_data(
                {
                    "title": "Picnic in the park",
                    "slug": news.slug,
                    "date": "2026-06-01",
                    "summary": "Sandwiches and sunshine.",
                    "body": streamfield([("paragraph", rich_text("<p>We had a picnic.</p>"))]),
                }
            ),
        )
        self.assertPageIsPreviewable(
            self.area,
            post_data=nested_form_data(
                {"title": "Scottish Borders", "slug": self.area.slug, "introduction": "", "body": streamfield([])}
            ),
        )


# Rendering ------------------------------------------------------------------------


@pytest.fixture
def borders(db):
    """The Borders with two village groups, one workshop and a news post each."""
    tree = f.site_tree()
    area = f.area_add(tree, "Scottish Borders")
    hall = f.venue_add(
        "Walkerburn Public Hall",
        area=area,
        postcode="EH43 6AA",
        step_free_access=True,
        buggy_space=True,
        baby_changing=False,
        parking="Car park beside the hall.",
        public_transport="X62 bus stops by the hall.",
    )
    cafe = f.venue_add("The Old School Cafe", area=area, postcode="EH45 8QP", map_url="https://maps.example/old-school")
    walkerburn = f.group_add(
        area,
        "Walkerburn Mums Group",
        venue=hall,
        audiences=[f.audience("Mums"), f.audience("Bumps and babies")],
        weekday="monday",
        start_time=dt.time(13, 30),
        summary="An afternoon group for mums in Walkerburn.",
        what_happens="<p>We chat, have a cuppa and the toddlers play.</p>",
        first_visit="<p>Emma will meet you at the door.</p>",
        languages="English and Polish",
        cost="Free. Tea 50p if you can.",
        has_creche=True,
        leaders="Emma and Rachel",
        women_only=True,
        image=_image(),
    )
    eddleston = f.group_add(area, "Eddleston Cafe Mornings", venue=cafe, weekday="wednesday")
    f.news_add(walkerburn, "Our fancy dress buggy walk", on=timezone.localdate() - dt.timedelta(days=3))
    f.news_add(eddleston, "Helping at the village gala", on=timezone.localdate() - dt.timedelta(days=1))
    workshop = f.workshop_add(
        tree.workshop_index,
        "Sleep and settling",
        topics=[f.topic("Sleep")],
        groups=[walkerburn],
        on=timezone.localdate() + dt.timedelta(days=10),
        venue=hall,
        speaker="A health visitor",
        what_to_bring="Your questions",
        chosen_by_participants=True,
    )
    f.local_service_add("Library bus", areas=[area], when="Every other Thursday")
    return tree, area, walkerburn, eddleston, workshop


@pytest.mark.django_db
def test_group_page_says_who_it_is_for_what_happens_and_where(client, borders):
    _, _, walkerburn, _, _ = borders
    html = client.get(walkerburn.url).content.decode()
    for text in [
        "An afternoon group for mums in Walkerburn.",
        "Women only",
        "Mums",
        "Bumps and babies",
        "English and Polish",
        "Free. Tea 50p if you can.",
        "Bring your children along",
        "children can play in the creche",
        "Emma and Rachel",
        "We chat, have a cuppa and the toddlers play.",
        "Your first visit",
        "Emma will meet you at the door.",
        "Walkerburn Public Hall",
        "EH43 6AA",
        "Car park beside the hall.",
        "X62 bus stops by the hall.",
        "https://www.openstreetmap.org/search?query=EH43+6AA",
        "Our fancy dress buggy walk",
        "Sleep and settling",
    ]:
        assert text in html, text
    assert re.search(r"<dt>Step-free access</dt><dd>Yes</dd>", html)
    assert re.search(r"<dt>Baby changing</dt><dd>No</dd>", html)


@pytest.mark.django_db
def test_group_page_lists_upcoming_sessions_in_time_elements_with_offsets(client, borders):
    _, _, walkerburn, _, _ = borders
    first = Session.objects.filter(page=walkerburn).order_by("start").first()
    html = client.get(walkerburn.url).content.decode()
    local_start = timezone.localtime(first.start)
    assert f'<time datetime="{local_start.isoformat()}">' in html
    assert local_start.strftime("%A") == "Monday"
    assert "1:30 p.m." in html
    assert "12 places left" in html
    times = ISO_WITH_OFFSET.findall(html)
    assert len(times) >= 2 * 4  # start and end of several sessions


@pytest.mark.django_db
def test_summer_sessions_carry_the_british_summer_time_offset(client, borders, settings):
    tree, _, walkerburn, _, _ = borders
    settings.GATHER_SESSION_HORIZON_DAYS = 400
    summer_day = dt.date(timezone.localdate().year + 1, 6, 15)
    f.workshop_add(tree.workshop_index, "Summer picnic", groups=[walkerburn], on=summer_day)
    html = client.get("/workshops/summer-picnic/").content.decode()
    assert f'<time datetime="{summer_day.isoformat()}T10:00:00+01:00">' in html


@pytest.mark.django_db
def test_cancelled_and_moved_sessions_say_so(client, borders):
    _, _, walkerburn, _, _ = borders
    first, second = Session.objects.filter(page=walkerburn).order_by("start")[:2]
    session_cancel(session=first, reason="The hall is closed for repairs.")
    new_start = second.start + dt.timedelta(days=1)
    session_move(session=second, start=new_start, end=new_start + dt.timedelta(hours=2), reason="Moved for the gala.")
    cache.clear()

    html = client.get(walkerburn.url).content.decode()
    assert "Cancelled." in html
    assert "The hall is closed for repairs." in html
    assert "New time." in html
    assert f'<time datetime="{timezone.localtime(new_start).isoformat()}">' in html
    assert f'It was <time datetime="{timezone.localtime(second.start).isoformat()}">' in html
    assert "Moved for the gala." in html


@pytest.mark.django_db
def test_sessions_link_to_booking_unless_cancelled_or_drop_in(client, borders):
    _, area, walkerburn, _, _ = borders
    first, second, third = Session.objects.filter(page=walkerburn).order_by("start")[:3]
    session_cancel(session=second, reason="Hall closed")
    booking_create(session=third, first_name="Amina", email="amina@example.org", adults=1, consent=True)
    Session.objects.filter(pk=third.pk).update(adult_places=1)  # that booking took the only place
    drop_in_group = f.group_add(area, "Innerleithen Cafe Group")
    drop_in = session_add(
        page=drop_in_group,
        start=first.start,
        end=first.end,
        booking_mode=BookingMode.DROP_IN,
    )
    cache.clear()

    html = client.get(walkerburn.url).content.decode()
    assert f'<a class="button" href="/sessions/{first.pk}/">Book a place' in html
    assert f"/sessions/{second.pk}/" not in html
    assert f'<a class="button" href="/sessions/{third.pk}/">Join the waiting list' in html
    drop_in_html = client.get(drop_in_group.url).content.decode()
    assert "Drop in: no need to book." in drop_in_html
    assert f"/sessions/{drop_in.pk}/" not in drop_in_html


@pytest.mark.django_db
def test_group_page_shows_what_the_other_groups_in_the_area_are_doing(client, borders):
    _, _, walkerburn, eddleston, _ = borders
    html = client.get(walkerburn.url).content.decode()
    assert "What other groups are doing" in html
    assert "Helping at the village gala" in html
    assert "Eddleston Cafe Mornings" in html
    assert "Our fancy dress buggy walk" not in client.get(eddleston.url).content.decode().split("What other groups")[0]


@pytest.mark.django_db
def test_area_page_lists_groups_with_their_next_session_and_news(client, borders):
    _, area, walkerburn, eddleston, _ = borders
    html = client.get(area.url).content.decode()
    assert walkerburn.url in html and eddleston.url in html
    next_walkerburn = Session.objects.filter(page=walkerburn).order_by("start").first()
    assert f'Next: <time datetime="{timezone.localtime(next_walkerburn.start).isoformat()}">' in html
    assert "Helping at the village gala" in html
    assert "Library bus" in html
    assert "Every other Thursday" in html


@pytest.mark.django_db
def test_area_index_counts_live_groups(client, borders):
    tree, area, _, eddleston, _ = borders
    eddleston.unpublish()
    cache.clear()
    html = client.get(tree.area_index.url).content.decode()
    assert "Scottish Borders" in html
    assert "1 group<" in html


@pytest.mark.django_db
def test_workshop_page_shows_speaker_topics_dates_and_groups(client, borders):
    tree, _, walkerburn, _, workshop = borders
    f.resource_add(tree.resource_index, "Bedtime routines", topics=[f.topic("Sleep")])
    html = client.get(workshop.url).content.decode()
    for text in [
        "A health visitor",
        "Sleep",
        "Your questions",
        "The mums and dads who come chose it.",
        "Bedtime routines",
    ]:
        assert text in html, text
    assert walkerburn.url in html
    session = Session.objects.get(page=workshop)
    assert f'<time datetime="{timezone.localtime(session.start).isoformat()}">' in html


@pytest.mark.django_db
def test_workshop_index_separates_coming_up_from_earlier(client, borders):
    tree, _, _, _, workshop = borders
    earlier = f.workshop_add(tree.workshop_index, "Knowing your rights")
    html = client.get(tree.workshop_index.url).content.decode()
    coming_up, earlier_part = html.split("Earlier workshops")
    assert workshop.title in coming_up
    assert earlier.title in earlier_part


@pytest.mark.django_db
def test_news_page_names_its_group(client, borders):
    _, _, walkerburn, _, _ = borders
    news = GroupNewsPage.objects.get(title="Our fancy dress buggy walk")
    html = client.get(news.url).content.decode()
    assert "a lovely morning" in html
    assert f'by <a href="{walkerburn.url}">Walkerburn Mums Group</a>' in html


# Query counts ---------------------------------------------------------------------


def _image():
    return get_image_model().objects.create(title="Group photo", file=get_test_image_file(size=(800, 600)))


def _queries(client, url):
    """SQL queries for one uncached visit, after a first visit has made any image renditions."""
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    cache.clear()
    return len(queries)


def _grow(tree, area, workshop, *, groups):
    """More groups, sessions, news, audiences, images and linked workshops: nothing a page should pay for per row."""
    for number in range(groups):
        group = f.group_add(
            area,
            f"Village group {number}",
            venue=f.venue_add(f"Village hall {number}", area=area),
            audiences=[f.audience("Mums"), f.audience("Dads")],
            weekday=["tuesday", "thursday", "saturday"][number % 3],
            image=_image(),
        )
        f.news_add(group, f"News from village {number}")
        workshop.groups.add(group)
        workshop.save()


# The first render after a page is published, with nothing cached: the site, the page found
# (two queries however deep it sits), its listings, and the menus, breadcrumbs, settings and
# language links of base.html. After a booking the route and menus are remembered
# (tests/performance/test_query_budgets.py pins that render at 12 or fewer). A page of a
# long listing and its count come in one query (home/pagination.py), so the area page
# pays no count query for its groups.
FIRST_RENDER_QUERIES = {
    "home": 15,
    "area": 21,
    "group": 22,
    "group in Urdu": 29,
    "workshop": 19,
    "area index": 15,
    "workshop index": 16,
    "news": 14,
}


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_groups_and_sessions(client, borders, django_assert_num_queries):
    tree, area, walkerburn, _, workshop = borders
    urdu = walkerburn.copy_for_translation(Locale.objects.get(language_code="ur"), copy_parents=True)
    urdu.save_revision().publish()
    urls = {
        "home": tree.home.url,
        "area": area.url,
        "group in Urdu": "/ur" + walkerburn.url,
        "group": walkerburn.url,
        "workshop": workshop.url,
        "area index": tree.area_index.url,
        "workshop index": tree.workshop_index.url,
        "news": GroupNewsPage.objects.first().url,
    }
    small = {name: _queries(client, url) for name, url in urls.items()}
    assert small == FIRST_RENDER_QUERIES

    _grow(tree, area, workshop, groups=6)
    f.workshop_add(tree.workshop_index, "Another workshop", topics=[f.topic("Play")], on=timezone.localdate())
    assert Session.objects.count() > 100

    for name, url in urls.items():
        client.get(url)  # renditions for the new images
        cache.clear()
        with django_assert_num_queries(small[name]):
            response = client.get(url)
        assert response.status_code == 200, name


# Long listings ----------------------------------------------------------------------


def _card_titles(html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.mark.django_db
def test_an_area_with_many_groups_lists_them_a_page_at_a_time(client, borders):
    _, area, walkerburn, eddleston, _ = borders
    for number in range(AREA_PAGE_GROUPS):
        f.group_add(area, f"Village group {number:02}")
    everyone = sorted([walkerburn.title, eddleston.title, *(f"Village group {n:02}" for n in range(AREA_PAGE_GROUPS))])

    first = client.get(area.url).content.decode()
    second = client.get(area.url + "?page=2").content.decode()

    assert _card_titles(first) == everyone[:AREA_PAGE_GROUPS]
    assert _card_titles(second) == everyone[AREA_PAGE_GROUPS:]
    assert '<a href="?page=2" rel="next">' in first and "Page 1 of 2" in first
    assert '<a href="?page=1" rel="prev">' in second and "Page 2 of 2" in second
    # The rest of the page is the same on every page of groups.
    assert "Helping at the village gala" in second and "Library bus" in second


@pytest.mark.django_db
def test_an_area_page_number_that_is_not_one_shows_a_page_of_groups(client, borders):
    _, area, _, _, _ = borders
    for number in range(AREA_PAGE_GROUPS):
        f.group_add(area, f"Village group {number:02}")
    first = _card_titles(client.get(area.url).content.decode())
    last = _card_titles(client.get(area.url + "?page=2").content.decode())

    for page_number, shown in [("abc", first), ("0", last), ("-1", last), ("99", last), ("", first)]:
        response = client.get(area.url, {"page": page_number})
        assert response.status_code == 200, page_number
        assert _card_titles(response.content.decode()) == shown, page_number


@pytest.mark.django_db
def test_an_area_with_few_groups_has_no_page_links(client, borders):
    _, area, _, _, _ = borders
    html = client.get(area.url).content.decode()
    assert 'rel="next"' not in html and "Page 1 of" not in html


def _area_titles(html):
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


@pytest.mark.django_db
def test_the_area_index_lists_the_areas_a_page_at_a_time(client, borders):
    tree, area, _, _, _ = borders
    for number in range(AREA_INDEX_AREAS):
        f.area_add(tree, f"Village area {number:02}")
    everyone = sorted([area.title, *(f"Village area {n:02}" for n in range(AREA_INDEX_AREAS))])

    first = client.get(tree.area_index.url).content.decode()
    second = client.get(tree.area_index.url + "?page=2").content.decode()

    assert _area_titles(first) == everyone[:AREA_INDEX_AREAS]
    assert _area_titles(second) == everyone[AREA_INDEX_AREAS:]
    assert '<a href="?page=2" rel="next">' in first and "Page 1 of 2" in first
    assert '<a href="?page=1" rel="prev">' in second and "Page 2 of 2" in second
    assert "2 groups<" in first  # each area still counts its groups (the Borders come first)


@pytest.mark.django_db
def test_an_area_index_page_number_that_is_not_one_shows_the_first_page(client, borders):
    tree, _, _, _, _ = borders
    for number in range(AREA_INDEX_AREAS):
        f.area_add(tree, f"Village area {number:02}")
    first = _area_titles(client.get(tree.area_index.url).content.decode())
    last = _area_titles(client.get(tree.area_index.url + "?page=2").content.decode())

    for page_number, shown in [
        ("abc", first),
        ("2.5", first),
        ("", first),
        ("0", last),
        ("99", last),
        ("9" * 30, last),
    ]:
        response = client.get(tree.area_index.url, {"page": page_number})
        assert response.status_code == 200, page_number
        assert _area_titles(response.content.decode()) == shown, page_number


@pytest.mark.django_db
def test_an_area_index_with_few_areas_has_no_page_links(client, borders):
    tree, _, _, _, _ = borders
    html = client.get(tree.area_index.url).content.decode()
    assert _area_titles(html) == ["Scottish Borders"]
    assert 'rel="next"' not in html and "Page 1 of" not in html


def _earlier_workshops_add(tree, count, *, days_ago=1):
    """`count` workshops held one a day from `days_ago` back, latest first."""
    return [
        f.workshop_add(tree.workshop_index, f"Earlier talk {n:03}", on=timezone.localdate() - dt.timedelta(days=n))
        for n in range(days_ago, days_ago + count)
    ]


@pytest.mark.django_db
def test_every_earlier_workshop_can_be_reached_a_page_at_a_time(client, borders):
    tree, _, _, _, workshop = borders
    earlier = _earlier_workshops_add(tree, WORKSHOP_INDEX_WORKSHOPS + 5)

    first = client.get(tree.workshop_index.url).content.decode()
    second = client.get(tree.workshop_index.url + "?page=2").content.decode()

    coming_up, earlier_part = first.split("Earlier workshops")
    assert _card_titles(coming_up) == [workshop.title]
    # Latest first, a page at a time, and the next page goes on where this one stopped.
    assert _card_titles(earlier_part) == [page.title for page in earlier[: WORKSHOP_INDEX_WORKSHOPS - 1]]
    assert _card_titles(second) == [page.title for page in earlier[WORKSHOP_INDEX_WORKSHOPS - 1 :]]
    assert '<a href="?page=2" rel="next">' in first and "Page 1 of 2" in first
    assert '<a href="?page=1" rel="prev">' in second and "Page 2 of 2" in second
    # A later page holds earlier workshops only: it does not say nothing is planned.
    assert "Earlier workshops" in second and "Coming up" not in second and "No workshops are planned" not in second


@pytest.mark.django_db
def test_a_workshop_index_page_number_that_is_not_one_shows_the_first_page(client, borders):
    tree, _, _, _, workshop = borders
    _earlier_workshops_add(tree, WORKSHOP_INDEX_WORKSHOPS + 5)
    first = _card_titles(client.get(tree.workshop_index.url).content.decode())

    for page_number in ["abc", "1.5", ""]:
        html = client.get(tree.workshop_index.url, {"page": page_number}).content.decode()
        assert _card_titles(html) == first, page_number
        assert workshop.title in html


@pytest.mark.django_db
def test_a_workshop_index_with_few_workshops_has_no_page_links(client, borders):
    tree, _, _, _, _ = borders
    html = client.get(tree.workshop_index.url).content.decode()
    assert 'rel="next"' not in html and "Page 1 of" not in html


@pytest.mark.django_db
def test_the_area_and_workshop_indexes_cost_the_same_queries_for_many(client, borders, django_assert_num_queries):
    tree, _, _, _, _ = borders
    f.area_add(tree, "Croydon")
    f.area_add(tree, "Tweeddale")
    _earlier_workshops_add(tree, 2)
    urls = {"area index": tree.area_index.url, "workshop index": tree.workshop_index.url}
    few = {name: _queries(client, url) for name, url in urls.items()}
    assert few == {name: FIRST_RENDER_QUERIES[name] for name in urls}

    for number in range(40):
        f.area_add(tree, f"Village area {number:02}")
    _earlier_workshops_add(tree, 70, days_ago=3)
    for name, url in urls.items():
        for page in ["", "?page=2"]:
            cache.clear()
            with django_assert_num_queries(few[name]):
                assert client.get(url + page).status_code == 200, name
