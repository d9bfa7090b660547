"""Staff sign-in locks for a while after repeated failures (web/login_lockout.py)."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser("coordinator", "coordinator@example.org", PASSWORD)


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=5)
def test_right_password_is_refused_after_five_wrong_ones_with_a_clear_message(client, staff_user):
    for _ in range(5):
        response = sign_in(client, "coordinator", "wrong")
        assert response.status_code == 200

    response = sign_in(client, "coordinator", PASSWORD)

    assert not signed_in(response)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=5)
def test_four_wrong_passwords_then_the_right_one_signs_in_and_starts_the_count_again(client, staff_user):
    for _ in range(4):
        sign_in(client, "coordinator", "wrong")

    assert signed_in(sign_in(client, "coordinator", PASSWORD))
    client.logout()
    for _ in range(4):
        sign_in(client, "coordinator", "wrong")
    assert signed_in(sign_in(client, "coordinator", PASSWORD))


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=5)
def test_the_lock_holds_from_another_address_and_for_a_differently_typed_username(client, staff_user):
    for _ in range(5):
        sign_in(client, "coordinator", "wrong", address="203.0.113.5")

    response = sign_in(client, " Coordinator ", PASSWORD, address="198.51.100.7")

    assert "Too many failed sign-in attempts" in response.content.decode()


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=5)
def test_a_locked_account_does_not_lock_out_other_staff(client, staff_user):
    get_user_model().objects.create_superuser("leader", "leader@example.org", PASSWORD)
    for _ in range(5):
        sign_in(client, "coordinator", "wrong")

    assert signed_in(sign_in(client, "leader", PASSWORD, address="198.51.100.7"))


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=100, GATHER_LOGIN_FAILURE_LIMIT_PER_ADDRESS=10)
def test_one_address_guessing_many_usernames_is_locked_out(client, staff_user):
    for number in range(10):
        sign_in(client, f"guess{number}", "wrong", address="203.0.113.66")

    response = sign_in(client, "coordinator", PASSWORD, address="203.0.113.66")

    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in(sign_in(client, "coordinator", PASSWORD, address="198.51.100.7"))


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=5)
def test_the_lock_ends_when_its_time_runs_out(client, staff_user):
    for _ in range(5):
        sign_in(client, "coordinator", "wrong")
    # The counts expire from the cache after GATHER_LOGIN_LOCKOUT_SECONDS.
    cache.clear()

    assert signed_in(sign_in(client, "coordinator", PASSWORD))


@override_settings(GATHER_LOGIN_FAILURE_LIMIT=5)
def test_the_lock_applies_to_every_way_of_signing_in_not_only_the_form(staff_user, rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        assert authenticate(request, username="coordinator", password="wrong") is None

    assert authenticate(request, username="coordinator", password=PASSWORD) is None
