"""Random and hostile values in every public form and query parameter.

Whatever is sent: never a server error, a refusal is explained in words beside the
form, nothing is stored from a refused request, and nothing sent comes back as
live HTML.
"""

from django.core.cache import cache
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from events.models import Booking, Contact, WaitingEntry
from messaging.models import OutboundMessage

from .strategies import hostile_text, optional, query

SCRIPT_PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def stored_rows():
    return (
        Contact.objects.count(),
        Booking.objects.count(),
        WaitingEntry.objects.count(),
        OutboundMessage.objects.count(),
    )


def assert_no_reflected_markup(response, values):
    page = response.content.decode(errors="replace")
    for value in values:
        for payload in SCRIPT_PAYLOADS:
            if payload in str(value):
                assert payload not in page, f"{payload!r} came back unescaped"


def form_errors(response) -> list[str]:
    form = response.context["form"]
    return [str(message) for messages in form.errors.values() for message in messages]


def assert_plain_messages(messages):
    assert messages, "the form was refused without saying why"
    for message in messages:
        assert message.strip(), "an empty error message"
        assert "Traceback" not in message
        assert "Error" not in message.split(" ")[0], f"a technical message: {message}"


def one_address(client):
    # Each example is a different family, so the rate limit is not what is being tested.
    cache.clear()
    return client


search_parameters = query(
    q=hostile_text,
    area=hostile_text,
    type=st.one_of(hostile_text, st.sampled_from(["group", "workshop", "resource"])),
    audience=hostile_text,
    topic=hostile_text,
    day=st.one_of(hostile_text, st.sampled_from(["mon", "sat", "1", "7"])),
    page=st.one_of(hostile_text, st.integers(min_value=-5, max_value=10**12).map(str)),
)


@given(parameters=search_parameters)
# Found by this test before: an unmatched double quote broke SQLite's full-text search.
@example(parameters={"q": '"><script>alert(1)</script>'})
@example(parameters={"q": "a\x00b", "page": "9" * 40, "day": "٣"})
def test_search_answers_any_query_with_a_page(client, site, parameters):
    response = one_address(client).get(reverse("search"), parameters)

    assert response.status_code in (200, 404), response.status_code
    assert_no_reflected_markup(response, parameters.values())


@given(parameters=query(kind=hostile_text, topic=hostile_text, page=hostile_text))
def test_resource_filters_answer_any_query_with_a_page(client, site, parameters):
    response = client.get(site.resources.url, parameters)

    assert response.status_code in (200, 404), response.status_code
    assert_no_reflected_markup(response, parameters.values())


@given(parameters=query(area=hostile_text, topic=hostile_text, page=hostile_text))
def test_local_service_filters_answer_any_query_with_a_page(client, site, parameters):
    response = client.get(site.services.url, parameters)

    assert response.status_code in (200, 404), response.status_code
    assert_no_reflected_markup(response, parameters.values())


number = st.one_of(hostile_text, st.integers(min_value=-3, max_value=15).map(str))
booking_fields = query(
    first_name=st.one_of(hostile_text, st.sampled_from(["Amina", "Fiona", "  Hodan  "])),
    email=st.one_of(hostile_text, st.emails().filter(lambda e: len(e) < 200), st.just("hodan@example.org")),
    phone=st.one_of(hostile_text, st.sampled_from(["07700 900123", "+44 7700 900123"])),
    adults=number,
    children=number,
    creche_children=number,
    children_ages=hostile_text,
    access_needs=hostile_text,
    consent=st.one_of(hostile_text, st.just("on")),
    whole_run=st.one_of(hostile_text, st.just("on")),
    request_key=st.one_of(hostile_text, st.uuids().map(str)),
    action=st.one_of(hostile_text, st.sampled_from(["book", "wait"])),
    website=optional(st.sampled_from(["", "http://spam.example"])),
)


@given(fields=booking_fields, which=st.sampled_from(["mums_session", "creche_session", "peebles_session"]))
# Found by this test before: a refused creche number made the form fail instead of explaining.
@example(fields={"children": "0", "creche_children": "٣"}, which="creche_session")
@example(
    fields={
        "first_name": "a\x00b",
        "email": "x@example.org",
        "adults": "1",
        "children": "0",
        "consent": "on",
        "request_key": "not-a-uuid",
    },
    which="mums_session",
)
def test_the_booking_form_books_or_explains_and_stores_nothing_when_it_refuses(client, site, fields, which):
    session = getattr(site, which)
    before = stored_rows()

    response = one_address(client).post(reverse("events:session_detail", args=[session.pk]), fields)

    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert response.url.startswith("/booking/"), response.url
        assert not fields.get("website"), "a filled honeypot was accepted"
        assert stored_rows() != before
    else:
        assert stored_rows() == before
        assert_plain_messages(form_errors(response))
        assert_no_reflected_markup(response, fields.values())


@given(fields=booking_fields)
def test_a_filled_honeypot_is_always_refused(client, site, fields):
    fields = {**fields, "website": "http://spam.example"}
    before = stored_rows()

    response = one_address(client).post(reverse("events:session_detail", args=[site.mums_session.pk]), fields)

    assert response.status_code == 200
    assert stored_rows() == before


@given(
    fields=query(
        adults=number, children=number, creche_children=number, children_ages=hostile_text, access_needs=hostile_text
    )
)
def test_changing_a_booking_changes_it_or_explains(client, site, fields):
    booking = site.amina_booking
    booking.refresh_from_db()
    before = (booking.adults, booking.children, booking.access_needs)
    url = reverse("events:booking_change", args=[site.amina.manage_token, booking.pk])

    response = one_address(client).post(url, fields)

    assert response.status_code in (200, 302), response.status_code
    booking.refresh_from_db()
    if response.status_code == 200:
        assert (booking.adults, booking.children, booking.access_needs) == before
        # A POST with no fields at all only shows the form again.
        if fields:
            assert_plain_messages(form_errors(response))
        assert_no_reflected_markup(response, fields.values())


@given(username=hostile_text, password=hostile_text)
def test_staff_sign_in_refuses_nonsense_without_an_error(client, site, username, password):
    response = one_address(client).post(reverse("wagtailadmin_login"), {"username": username, "password": password})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
