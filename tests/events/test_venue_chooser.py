"""Choosing a group's venue: find it by name or postcode, or add a new hall without leaving the page."""

import json

import pytest
from django.urls import reverse

from events.models import Venue
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure
from tests.events.booking_support import two_area_site, user_in


@pytest.fixture
def site(db):
    site = two_area_site()
    site.coordinator = user_in("borders_coordinator", area_coordinator_role_ensure(site.borders))
    site.peebles_leader = user_in("peebles_leader", group_leader_role_ensure(site.peebles))
    return site


def _url(name):
    return reverse(f"wagtailsnippetchoosers_events_venue:{name}")


def _modal(response) -> dict:
    assert response.status_code == 200
    return json.loads(response.content)


NEW_HALL = {
    "name": "Innerleithen Memorial Hall",
    "address": "Buccleuch Street\nInnerleithen",
    "postcode": "EH44 6LA",
    "map_url": "",
    "parking": "",
    "public_transport": "",
}


@pytest.mark.django_db
def test_the_chooser_finds_a_venue_by_part_of_its_name_or_postcode(client, site):
    client.force_login(site.coordinator)
    found = _modal(client.get(_url("choose"), {"q": "burgh"}))["html"]
    assert "Peebles Burgh Hall" in found and "Thornton Heath Community Centre" not in found

    results = client.get(_url("choose_results"), {"q": "Thornton heath"}).content.decode()
    assert "Thornton Heath Community Centre" in results and "Peebles Burgh Hall" not in results


@pytest.mark.django_db
def test_a_coordinator_adds_a_venue_in_the_chooser_under_their_own_area(client, site):
    client.force_login(site.coordinator)
    modal = _modal(client.get(_url("choose")))["html"]
    assert "Add a venue" in modal
    area_choices = modal.split('name="area"')[1].split("</select>")[0]
    assert "Scottish Borders" in area_choices and "Croydon" not in area_choices

    refused = _modal(client.post(_url("create"), {**NEW_HALL, "area": site.croydon.pk}))
    assert refused["step"] == "reshow_creation_form"
    assert not Venue.objects.filter(name=NEW_HALL["name"]).exists()

    chosen = _modal(client.post(_url("create"), {**NEW_HALL, "area": site.borders.pk}))
    assert chosen["step"] == "chosen"
    venue = Venue.objects.get(name=NEW_HALL["name"])
    assert chosen["result"]["id"] == str(venue.pk)
    assert chosen["result"]["string"] == "Innerleithen Memorial Hall, EH44 6LA"
    assert venue.area_id == site.borders.pk


@pytest.mark.django_db
def test_a_leader_chooses_a_venue_but_cannot_add_one(client, site):
    client.force_login(site.peebles_leader)
    modal = _modal(client.get(_url("choose"), {"q": "Peebles"}))["html"]
    assert "Peebles Burgh Hall" in modal
    assert 'name="postcode"' not in modal

    response = client.post(_url("create"), {**NEW_HALL, "area": site.borders.pk})
    assert response.status_code in (302, 403)
    assert not Venue.objects.filter(name=NEW_HALL["name"]).exists()
