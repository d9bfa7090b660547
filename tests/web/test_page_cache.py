"""The rendered-page cache for anonymous visitors (web/page_cache.py).

Changes run inside django_capture_on_commit_callbacks(execute=True): the test's own
transaction never commits, and the page cache, like production, only hears of a
change once it is committed.
"""

import datetime as dt

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.csp import LazyNonce
from django.utils.formats import time_format
from wagtail.models import PageViewRestriction

from events.models import AreaIndexPage, AreaPage, Session
from events.models.bookings import BookingStatus
from events.selectors.pages import AREA_INDEX_AREAS
from events.services.bookings import booking_cancel, booking_create
from events.services.sessions import session_cancel
from tests import factories
from web import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.GATHER_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def group(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tree = factories.site_tree()
        area = factories.area_add(tree, "Tweeddale")
        venue = factories.venue_add("Eddleston Village Hall", area=area)
        group = factories.group_add(area, "Eddleston Tots", venue=venue, weekday="wednesday")
    return group


def first_session(group):
    return Session.objects.filter(page=group).order_by("start").first()


def book(session, name="Morag"):
    return booking_create(
        session=session, first_name=name, email=f"{name.lower()}@example.com", adults=1, consent=True
    ).bookings[0]


def test_second_anonymous_visit_is_served_from_the_cache_without_sql(
    client, page_cache_on, group, django_assert_num_queries
):
    first = client.get(group.url)
    assert first.status_code == 200
    assert first[page_cache.CACHE_STATUS_HEADER] == "miss"

    with django_assert_num_queries(0):
        second = client.get(group.url)

    assert second[page_cache.CACHE_STATUS_HEADER] == "hit"
    assert second.content == first.content
    # The headers the middleware above sets apply to cached answers too.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_cancelled_session_shows_on_the_next_request(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    session = first_session(group)
    client.get(group.url)
    assert "Cancelled." not in client.get(group.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="The hall is closed for repairs.")

    response = client.get(group.url)
    assert response[page_cache.CACHE_STATUS_HEADER] == "miss"
    assert "The hall is closed for repairs." in response.content.decode()


def test_places_left_follow_bookings_and_cancellations(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    session = first_session(group)
    assert "12 places left" in client.get(group.url).content.decode()
    client.get(group.url)  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        booking = book(session)
    assert "11 places left" in client.get(group.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "12 places left" in client.get(group.url).content.decode()


def test_publishing_an_edit_shows_on_the_next_request(client, page_cache_on, group, django_capture_on_commit_callbacks):
    client.get(group.url)
    group.summary = "Now with a garden to play in."
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()

    assert "Now with a garden to play in." in client.get(group.url).content.decode()


def test_an_unpublished_page_is_gone_on_the_next_request(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    client.get(group.url)
    url = group.url
    with django_capture_on_commit_callbacks(execute=True):
        group.unpublish()

    assert client.get(url).status_code == 404


def test_an_edited_venue_shows_on_the_next_request(client, page_cache_on, group, django_capture_on_commit_callbacks):
    client.get(group.url)
    venue = group.venue
    venue.name = "Eddleston Old School"
    with django_capture_on_commit_callbacks(execute=True):
        venue.save()

    assert "Eddleston Old School" in client.get(group.url).content.decode()


def test_staff_who_are_signed_in_never_get_or_fill_the_cache(client, page_cache_on, group, admin_user):
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(group.url)
        assert response.status_code == 200
        assert page_cache.CACHE_STATUS_HEADER not in response
    client.logout()
    assert client.get(group.url)[page_cache.CACHE_STATUS_HEADER] == "miss"


def test_addresses_with_a_query_string_are_not_cached(client, page_cache_on, group):
    for _ in range(2):
        assert page_cache.CACHE_STATUS_HEADER not in client.get(group.url, {"utm_source": "leaflet"})


def test_a_new_area_shows_on_every_page_of_the_area_index_on_the_next_request(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    area_index = AreaIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(AREA_INDEX_AREAS):
            factories.add_page(area_index, AreaPage(title=f"Village area {number:02}"))
    first_page, second_page = area_index.url, area_index.url + "?page=2"
    for _ in range(2):
        client.get(first_page), client.get(second_page)
    assert "Village area 22" not in client.get(second_page).content.decode()
    assert client.get(first_page)[page_cache.CACHE_STATUS_HEADER] == "hit"
    # Later pages carry a query string: rendered every time, like any other.
    assert page_cache.CACHE_STATUS_HEADER not in client.get(second_page)

    with django_capture_on_commit_callbacks(execute=True):
        factories.add_page(area_index, AreaPage(title="Abbey St Bathans"))

    # First in title order: it heads the first page and pushes one area on to the second.
    assert "Abbey St Bathans" in client.get(first_page).content.decode()
    assert "Village area 22" in client.get(second_page).content.decode()


def test_a_password_protected_page_is_never_cached(client, page_cache_on, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=group, restriction_type=PageViewRestriction.PASSWORD, password="tea")

    for _ in range(2):
        response = client.get(group.url)
        assert response.status_code == 200
        assert page_cache.CACHE_STATUS_HEADER not in response
        assert 'name="password"' in response.content.decode()


def test_the_cache_can_be_switched_off(client, settings, group):
    settings.GATHER_PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert page_cache.CACHE_STATUS_HEADER not in client.get(group.url)


# The refusals below are checked on the middleware directly, with a stand-in for a
# Wagtail page view, since no public page uses forms or messages today.


def _served_by_wagtail(make_response):
    def view(request):
        request._page_cache_wagtail_page = True
        return make_response(request)

    return view


def _twice(view, *, cookies=None, method="get"):
    middleware = page_cache.AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    answers = []
    for _ in range(2):
        request = getattr(factory, method)("/groups/tweeddale/", secure=True)
        request.COOKIES.update(cookies or {})
        answers.append(middleware(request))
    return answers


def _with_csrf_token(request):
    return HttpResponse(f"<input type='hidden' value='{get_token(request)}'>")


def _setting_a_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("chosen", "1")
    return response


def _redirect(request):
    return HttpResponse("moved", status=302)


def _private(request):
    return HttpResponse("private", headers={"Cache-Control": "private"})


def _with_csp_nonce(request):
    return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")


@pytest.mark.parametrize("make_response", [_with_csrf_token, _setting_a_cookie, _redirect, _private, _with_csp_nonce])
def test_responses_meant_for_one_visitor_are_not_stored(page_cache_on, make_response):
    def make(request):
        request._csp_nonce = LazyNonce()
        return make_response(request)

    first, second = _twice(_served_by_wagtail(make))
    assert page_cache.CACHE_STATUS_HEADER not in first
    assert page_cache.CACHE_STATUS_HEADER not in second


def test_a_page_showing_a_message_is_not_stored(page_cache_on):
    def make(request):
        request._messages = CookieStorage(request)
        request._messages.add(message_levels.SUCCESS, "Your booking is confirmed.")
        return HttpResponse("Your booking is confirmed.")

    first, second = _twice(_served_by_wagtail(make))
    assert page_cache.CACHE_STATUS_HEADER not in second


def test_visitors_with_a_session_or_messages_cookie_bypass_the_cache(page_cache_on, settings):
    view = _served_by_wagtail(lambda request: HttpResponse("hello"))
    for cookies in ({settings.SESSION_COOKIE_NAME: "abc"}, {"messages": "xyz"}):
        first, second = _twice(view, cookies=cookies)
        assert page_cache.CACHE_STATUS_HEADER not in second


def test_posts_are_never_answered_from_the_cache(page_cache_on):
    view = _served_by_wagtail(lambda request: HttpResponse("hello"))
    _twice(view)  # stores the page for GET
    first, second = _twice(view, method="post")
    assert page_cache.CACHE_STATUS_HEADER not in second


def test_only_wagtail_pages_are_stored(page_cache_on):
    first, second = _twice(lambda request: HttpResponse("a plain view"))
    assert page_cache.CACHE_STATUS_HEADER not in second


def test_a_transaction_that_changes_many_rows_bumps_the_version_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(100):
            page_cache.content_changed()
    assert sum(isinstance(callback, page_cache._VersionBump) for callback in callbacks) == 1


def test_a_change_after_a_rolled_back_savepoint_still_bumps_the_version(django_capture_on_commit_callbacks):
    before = page_cache.current_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                page_cache.content_changed()
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        page_cache.content_changed()
    assert page_cache.current_version() != before


def test_a_change_outside_a_transaction_bumps_at_once(django_capture_on_commit_callbacks):
    before = page_cache.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.content_changed()
    assert page_cache.current_version() != before


def test_a_version_lost_from_the_cache_makes_every_stored_page_stale(client, page_cache_on, group):
    from django.core.cache import cache

    client.get(group.url)
    cache.delete(page_cache.VERSION_KEY)
    assert client.get(group.url)[page_cache.CACHE_STATUS_HEADER] == "miss"


def test_a_bulk_update_that_announces_itself_shows_on_the_next_request(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    session = first_session(group)
    later = session.start + dt.timedelta(minutes=30)
    client.get(group.url)
    with django_capture_on_commit_callbacks(execute=True):
        # Queryset updates send no signals, so code that uses them says so itself.
        Session.objects.filter(pk=session.pk).update(start=later)
        page_cache.content_changed()

    assert time_format(timezone.localtime(later), "P") in client.get(group.url).content.decode()


def test_a_moved_page_is_found_at_its_new_address_on_the_next_request(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    old_url = group.url
    client.get(old_url)
    with django_capture_on_commit_callbacks(execute=True):
        other_area = factories.add_page(
            AreaIndexPage.objects.get(), AreaPage(title="Lauderdale", introduction="Groups in Lauderdale.")
        )
        group.move(other_area, pos="last-child")
    group.refresh_from_db()

    # Not the stored copy: Wagtail's redirect from the old address to the new one.
    moved = client.get(old_url)
    assert moved.status_code in (301, 302)
    assert moved["Location"].endswith(group.url)
    assert "Eddleston Tots" in client.get(group.url).content.decode()


def test_a_remembered_route_saves_the_walk_down_the_page_tree(client, page_cache_on, group):
    address = group.url + "?from=newsletter"  # a query string: rendered every time
    with CaptureQueriesContext(connection) as first:
        walked = client.get(address)
    with CaptureQueriesContext(connection) as second:
        routed = client.get(address)

    assert routed.content == walked.content
    # Four levels below the root, two queries each, plus finding the site.
    assert len(second) <= len(first) - 6


def test_a_booking_or_an_edit_keeps_the_remembered_route_and_a_rename_drops_it(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    address = group.url + "?from=newsletter"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    walked = queries()
    queries()  # the first routed visit also keeps the site's settings for the next ones
    routed = queries()
    assert routed < walked
    with django_capture_on_commit_callbacks(execute=True):
        book(first_session(group))
    assert queries() == routed

    # An edit that keeps the title, address and menus keeps every page's route: only
    # what the page lists is read again, once.
    with django_capture_on_commit_callbacks(execute=True):
        group.summary = "Now with a garden to play in."
        group.save_revision().publish()
    assert routed < queries() < walked
    assert queries() == routed

    with django_capture_on_commit_callbacks(execute=True):
        group.title = "Eddleston Toddlers"
        group.save_revision().publish()
    assert queries() == walked


def test_a_page_made_private_is_never_served_from_the_cache_again(
    client, page_cache_on, group, django_capture_on_commit_callbacks
):
    client.get(group.url)
    assert client.get(group.url)[page_cache.CACHE_STATUS_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=group, restriction_type=PageViewRestriction.PASSWORD, password="tea")

    response = client.get(group.url)
    assert page_cache.CACHE_STATUS_HEADER not in response
    assert 'name="password"' in response.content.decode()
    assert "Tea, chat and toys" not in response.content.decode()
