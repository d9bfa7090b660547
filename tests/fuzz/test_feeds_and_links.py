"""Random addresses for feeds, sessions and private links: found, or plainly not found."""

from urllib.parse import quote

from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from events.models import Booking, Contact, WaitingEntry
from events.models.bookings import BookingStatus

from .strategies import NASTY, hostile_text

ids = st.one_of(
    st.integers(min_value=0, max_value=10**18).map(str),
    st.sampled_from(["-1", "0", "9" * 19, "9" * 40, "1.0", "1e3", "%31", "abc", "1/2", ""]),
)
tokens = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", min_size=0, max_size=80),
    st.sampled_from(NASTY),
)
# Percent-encoded whole, as a browser sends it: a "#" or "?" must stay part of the segment.
path_segment = st.one_of(ids, tokens, hostile_text).map(lambda value: quote(value, safe=""))


def get(client, path, **headers):
    cache.clear()
    return client.get(path, **headers)


@given(kind=st.sampled_from(["areas", "pages", "sessions", "personal"]), segment=path_segment)
def test_feed_addresses_give_a_calendar_or_not_found(client, site, kind, segment):
    response = get(client, f"/calendar/{kind}/{segment}.ics")

    assert response.status_code in (200, 304, 404), response.status_code
    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/calendar")


@given(
    if_none_match=st.one_of(hostile_text, st.just("*"), st.just('W/"x"')),
    if_modified_since=st.one_of(hostile_text, st.just("Wed, 21 Oct 2015 07:28:00 GMT")),
)
def test_feeds_cope_with_any_conditional_headers(client, site, if_none_match, if_modified_since):
    for path in (reverse("events:site_ical"), reverse("events:page_ical", args=[site.mums.pk])):
        response = get(client, path, HTTP_IF_NONE_MATCH=if_none_match, HTTP_IF_MODIFIED_SINCE=if_modified_since)
        assert response.status_code in (200, 304, 412), response.status_code


@given(segment=path_segment, query=st.dictionaries(hostile_text, hostile_text, max_size=3))
def test_session_pages_give_a_page_or_not_found(client, site, segment, query):
    cache.clear()
    response = client.get(f"/sessions/{segment}/", query)

    assert response.status_code in (200, 404), response.status_code


@given(token=tokens, booking_id=ids, action=st.sampled_from(["", "change/", "cancel/", "new-link/"]))
def test_made_up_private_links_open_nothing_and_change_nothing(client, site, token, booking_id, action):
    before = list(Booking.objects.values_list("pk", "status", "adults"))
    tokens_before = list(Contact.objects.values_list("manage_token", flat=True))
    token, booking_id = quote(token, safe=""), quote(booking_id, safe="")
    path = f"/booking/{token}/" + (f"{booking_id}/{action}" if action in ("change/", "cancel/") else action)

    for response in (get(client, path), client.post(path, {"adults": "3", "children": "0"})):
        assert response.status_code == 404, response.status_code
        assert "Amina" not in response.content.decode(errors="replace")

    assert list(Booking.objects.values_list("pk", "status", "adults")) == before
    assert list(Contact.objects.values_list("manage_token", flat=True)) == tokens_before


@given(booking_id=ids, entry_id=ids)
def test_a_real_private_link_reaches_only_its_own_bookings(client, site, booking_id, entry_id):
    token = site.fiona.manage_token
    # Amina's booking is not Fiona's to change or cancel, whatever id is in the address.
    for path in (
        f"/booking/{token}/{site.amina_booking.pk}/cancel/",
        f"/booking/{token}/{quote(booking_id, safe='')}/cancel/",
        f"/booking/{token}/waiting/{quote(entry_id, safe='')}/leave/",
    ):
        response = client.post(path)
        assert response.status_code in (302, 404), (path, response.status_code)

    assert Booking.objects.get(pk=site.amina_booking.pk).status == BookingStatus.CONFIRMED
    assert Contact.objects.filter(pk=site.amina.pk).exists()
    assert not WaitingEntry.objects.exclude(contact=site.fiona).filter(status="left").exists()


@given(path=st.lists(path_segment, min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts) + "/"))
def test_any_other_address_is_a_page_or_not_found(client, site, path):
    response = get(client, path)

    assert response.status_code in (200, 301, 302, 404), (path, response.status_code)
