"""A lost database answers 503 with a plain page; every other failure is a 500 without a traceback."""

import pytest
from django.test import Client, override_settings


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF="tests.security.error_urls")
@pytest.mark.parametrize("address", ["/lost/", "/shutdown/", "/closed/", "/locked/"])
def test_a_database_out_of_reach_gives_a_plain_503_asking_to_try_again(client, address):
    response = client.get(address)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "not working for a moment" in page
    assert "Sending it twice will not book twice" in page
    assert "Traceback" not in page and "OperationalError" not in page


@override_settings(ROOT_URLCONF="tests.security.error_urls")
@pytest.mark.parametrize("address", ["/syntax/", "/bad-sql/", "/bug/"])
def test_a_bug_is_a_500_not_dressed_up_as_an_outage(client, address, db):
    response = client.get(address)

    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
