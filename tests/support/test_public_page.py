"""The programme's public page of one-to-one sessions: what they are, and the free times, never who asked."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from support.models import SupportSlot
from support.services import support_request_cancel, support_request_create, support_slot_withdraw
from web.page_cache import CACHE_STATUS_HEADER

from .conftest import slot_add
from .family_support import html, support_page_add

pytestmark = pytest.mark.django_db

# The first render of the one-to-one page: routing, the site's own parts (settings, menu,
# languages) and one query for the free times, however many there are.
PAGE_QUERIES = 12


@pytest.fixture
def page(site):
    return support_page_add(site.croydon)


def ask_for(slot, first_name="Zainab"):
    return support_request_create(
        slot=slot,
        first_name=first_name,
        email=f"{first_name.lower()}@example.org",
        phone="",
        texts_agreed=False,
        language="en-gb",
        about="Private worries",
        request_key=None,
    )


def ask_link(slot):
    return reverse("support:ask", args=[slot.pk])


class TestWhatItSays:
    def test_it_explains_the_sessions_and_lists_the_free_times_by_day_with_a_link_to_ask(self, client, site, page):
        body = html(client.get(page.url))

        assert "think a problem through" in body
        assert "How it works" in body and "confidential" in body and "free" in body
        for slot in (site.slot, site.later_slot, site.sam_slot):
            assert ask_link(slot) in body
            assert f"<h3>{timezone.localtime(slot.starts_at):%A} " in body
        assert "10 a.m." in body and "50 minutes" in body and "by phone" in body
        # Another programme's times are not this one's.
        assert ask_link(site.borders_slot) not in body

    def test_a_time_in_person_names_its_venue(self, client, site, page):
        slot_add(site.croydon, site.sara, days=6, mode=SupportSlot.Mode.VENUE, venue=site.venue)

        assert "in person at Family Centre" in html(client.get(page.url))

    def test_times_are_in_london_time(self, client, site, page):
        # 09:30 in London, whatever the season: 08:30 or 09:30 UTC.
        start = timezone.localtime(timezone.now() + dt.timedelta(days=8)).replace(hour=9, minute=30)
        SupportSlot.objects.create(
            area=site.croydon,
            worker=site.sara,
            starts_at=start.astimezone(dt.UTC),
            ends_at=(start + dt.timedelta(minutes=30)).astimezone(dt.UTC),
            mode=SupportSlot.Mode.VIDEO,
        )

        assert "9:30 a.m." in html(client.get(page.url))

    def test_taken_and_withdrawn_times_are_not_listed_and_nobody_is_named_or_counted(self, client, site, page):
        ask_for(site.slot)
        support_slot_withdraw(slot=site.later_slot, by=site.sara)

        body = html(client.get(page.url))

        assert ask_link(site.slot) not in body
        assert ask_link(site.later_slot) not in body
        assert ask_link(site.sam_slot) in body
        assert "Zainab" not in body and "Private worries" not in body
        assert "taken" not in body.lower() and "booked" not in body.lower()

    def test_with_no_free_times_it_says_so_and_points_to_the_groups(self, client, site, page):
        for slot in (site.slot, site.later_slot, site.sam_slot):
            support_slot_withdraw(slot=slot, by=site.sara)

        body = html(client.get(page.url))

        assert "There are no free times just now" in body
        assert f'href="{site.croydon.url}"' in body

    def test_it_costs_a_fixed_number_of_queries_however_many_times_are_free(
        self, client, site, page, django_assert_num_queries
    ):
        client.get(page.url)
        with django_assert_num_queries(PAGE_QUERIES):
            client.get(page.url)
        for days in range(5, 12):
            slot_add(site.croydon, site.sam, days=days, mode=SupportSlot.Mode.VENUE, venue=site.venue)
        with django_assert_num_queries(PAGE_QUERIES):
            client.get(page.url)


class TestThePageCache:
    @pytest.fixture
    def cached(self, settings, page, django_capture_on_commit_callbacks):
        settings.GATHER_PAGE_CACHE_SECONDS = 300
        # The site the fixtures built, as if committed: its waiting "pages changed" callback
        # would otherwise stand in for every later one (one bump per transaction).
        built, connection.run_on_commit[:] = list(connection.run_on_commit), []
        for _savepoints, callback, _robust in built:
            callback()
        return lambda: django_capture_on_commit_callbacks(execute=True)

    def visit(self, client, page):
        response = client.get(page.url)
        return response.get(CACHE_STATUS_HEADER), html(response)

    def test_a_request_a_cancel_and_a_withdrawal_each_make_the_page_fresh(self, client, site, page, cached):
        self.visit(client, page)
        status, _body = self.visit(client, page)
        assert status == "hit"

        with cached():
            request = ask_for(site.slot)
        status, body = self.visit(client, page)
        assert status == "miss" and ask_link(site.slot) not in body

        with cached():
            support_request_cancel(request=request)
        status, body = self.visit(client, page)
        assert status == "miss" and ask_link(site.slot) in body

        with cached():
            support_slot_withdraw(slot=site.sam_slot, by=site.sam)
        status, body = self.visit(client, page)
        assert status == "miss" and ask_link(site.sam_slot) not in body

    def test_a_request_leaves_the_programmes_other_pages_in_the_cache(self, client, site, page, cached):
        area_page = site.croydon
        for address in (page.url, area_page.url, "/"):
            client.get(address)
        assert client.get(area_page.url).get(CACHE_STATUS_HEADER) == "hit"

        with cached():
            ask_for(site.slot)

        assert client.get(area_page.url).get(CACHE_STATUS_HEADER) == "hit"
        assert client.get("/").get(CACHE_STATUS_HEADER) == "hit"
        status, body = self.visit(client, page)
        assert status == "miss" and ask_link(site.slot) not in body

    def test_a_request_made_through_the_form_makes_it_fresh(self, client, site, page, cached):
        from .family_support import ask_data

        self.visit(client, page)
        data = ask_data(client, site.slot)
        with cached():
            client.post(ask_link(site.slot), data)
        client.cookies.clear()

        status, body = self.visit(client, page)
        assert status == "miss" and ask_link(site.slot) not in body


class TestInUrdu:
    def test_the_urdu_page_lists_the_same_free_times_right_to_left_with_links_in_urdu(self, client, site, page):
        from wagtail.models import Locale

        urdu = page.copy_for_translation(Locale.objects.get_or_create(language_code="ur")[0], copy_parents=True)
        urdu.save_revision().publish()
        urdu.refresh_from_db()
        urdu_ask_link = "/ur" + ask_link(site.slot)

        response = client.get(urdu.url)

        assert urdu.url.startswith("/ur/")
        body = html(response)
        assert 'dir="rtl"' in body and 'lang="ur"' in body
        assert f'href="{urdu_ask_link}"' in body
