"""Honeypot and rate limits on public forms (web/ratelimit.py)."""

import pytest
from django import forms
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from web.ratelimit import (
    HONEYPOT_MESSAGE,
    RATE_LIMITED_MESSAGE,
    HoneypotFormMixin,
    client_address,
    counter_key,
    hit_count,
    rate_limit,
    rate_limit_exceeded,
)

factory = RequestFactory()


@rate_limit(scope="test-form", limit=3, period=600)
def form_view(request):
    return HttpResponse("sent")


class ContactForm(HoneypotFormMixin, forms.Form):
    first_name = forms.CharField()


def post(address="203.0.113.5", **extra):
    return factory.post("/form/", {"first_name": "Amina"}, REMOTE_ADDR=address, **extra)


@pytest.mark.django_db
def test_the_fourth_post_in_ten_minutes_is_refused_with_a_plain_429():
    responses = [form_view(post()) for _ in range(4)]

    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert refused["Retry-After"] == "600"
    assert str(RATE_LIMITED_MESSAGE) in refused.content.decode()
    assert "Nothing has been saved" in refused.content.decode()


@pytest.mark.django_db
def test_reading_the_form_never_uses_up_the_allowance():
    for _ in range(10):
        assert form_view(factory.get("/form/", REMOTE_ADDR="203.0.113.5")).status_code == 200

    assert form_view(post()).status_code == 200


@pytest.mark.django_db
def test_each_address_has_its_own_allowance():
    for _ in range(3):
        form_view(post("203.0.113.5"))

    assert form_view(post("203.0.113.5")).status_code == 429
    assert form_view(post("198.51.100.7")).status_code == 200


@pytest.mark.django_db
def test_an_invented_forwarded_for_header_does_not_dodge_the_limit():
    for number in range(3):
        form_view(post(HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"))

    assert form_view(post(HTTP_X_FORWARDED_FOR="10.0.0.99")).status_code == 429


@override_settings(GATHER_TRUSTED_PROXY_COUNT=1)
def test_behind_our_own_proxy_the_address_it_saw_is_used():
    request = post("127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")

    assert client_address(request) == "203.0.113.5"


@pytest.mark.django_db
@override_settings(GATHER_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_each_family_has_its_own_allowance():
    # Every request reaches the app from the proxy, which appends the address it saw.
    def through_proxy(forwarded_for):
        return form_view(post("10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for))

    assert [through_proxy("203.0.113.5").status_code for _ in range(4)] == [200, 200, 200, 429]

    assert through_proxy("198.51.100.7").status_code == 200
    # The first family cannot pass as someone else by sending its own header.
    assert through_proxy("198.51.100.99, 203.0.113.5").status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored():
    assert client_address(post("127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")) == "127.0.0.1"


def test_counts_are_kept_in_the_shared_cache_under_a_key_that_hides_the_address():
    hit_count("shared", "203.0.113.5", period=60)
    hit_count("shared", "203.0.113.5", period=60)

    # A separate connection to the configured cache, as another app process would have.
    other_process = caches.create_connection("default")
    key = counter_key("shared", "203.0.113.5")
    assert other_process.get(key) == 2
    assert "203.0.113.5" not in key


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "web.cache_backend.CircuitBreakerRedisCache",
            # Nothing listens on port 1: the cache is down.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    },
    DJANGO_REDIS_IGNORE_EXCEPTIONS=True,
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False,
)
def test_with_the_cache_down_forms_are_still_accepted():
    request = post()

    assert not any(rate_limit_exceeded(request, scope="down", limit=1, period=60) for _ in range(5))


def test_an_empty_honeypot_lets_the_form_through():
    form = ContactForm({"first_name": "Amina", "website": ""})

    assert form.is_valid()


def test_a_filled_honeypot_refuses_the_form_with_a_message_people_can_see():
    form = ContactForm({"first_name": "Amina", "website": "http://spam.example"})

    assert not form.is_valid()
    assert form.non_field_errors() == [HONEYPOT_MESSAGE]
    assert "website" not in form.errors


def test_the_honeypot_is_hidden_from_people_and_skipped_by_the_keyboard():
    html = str(ContactForm()["website"])

    assert html.startswith("<div hidden>")
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    assert '<label for="id_website">Leave this box empty</label>' in html
