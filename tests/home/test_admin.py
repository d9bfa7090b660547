"""The admin: tidy listings for the shared lists, site settings, and help for editors."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.permissions import group_leader_role_ensure, staff_role_ensure
from tests import factories as f


@pytest.fixture
def staff_client(client, db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    borders = f.area_add(tree, "Scottish Borders")
    f.venue_add("Walkerburn Public Hall", area=borders, step_free_access=True)
    f.venue_add("Broad Green Community Centre", area=croydon, postcode="CR0 3HA")
    f.local_service_add("Library bus", areas=[borders], topics=[f.topic("Play and books")])
    f.local_service_add("Health visitors", areas=[croydon], topics=[f.topic("Health")])
    f.audience("Working parents (weekends)")
    user = get_user_model().objects.create_user("staff", "staff@example.org", "a long test password")
    user.groups.add(staff_role_ensure())
    client.force_login(user)
    client.tree = tree
    return client


def _listing(client, model, **params):
    response = client.get(reverse(f"wagtailsnippets_{model}:list"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_shared_lists_sit_together_in_one_admin_menu(staff_client):
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Directory" in html
    for label in ["Venues", "Local services", "Topics", "Who groups are for"]:
        assert label in html


@pytest.mark.django_db
def test_venue_listing_shows_access_at_a_glance_and_filters_by_area(staff_client):
    html = _listing(staff_client, "events_venue")
    assert "Step-free" in html and "Baby changing" in html
    assert "Walkerburn Public Hall" in html and "Broad Green Community Centre" in html

    borders = staff_client.tree.area_index.get_children().get(slug="scottish-borders")
    filtered = _listing(staff_client, "events_venue", area=borders.pk)
    assert "Walkerburn Public Hall" in filtered and "Broad Green Community Centre" not in filtered
    searched = _listing(staff_client, "events_venue", q="CR0")
    assert "Broad Green Community Centre" in searched and "Walkerburn Public Hall" not in searched


@pytest.mark.django_db
def test_local_services_filter_by_topic_and_export(staff_client):
    health = f.topic("Health")
    filtered = _listing(staff_client, "resources_localservice", topics=health.pk)
    assert "Health visitors" in filtered and "Library bus" not in filtered

    export = staff_client.get(reverse("wagtailsnippets_resources_localservice:list"), {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Library bus" in body and "Health visitors" in body


@pytest.mark.django_db
def test_topics_and_audiences_are_searchable(staff_client):
    assert "Working parents (weekends)" in _listing(staff_client, "home_audience", q="working")
    assert "Play and books" in _listing(staff_client, "home_topic", q="books")


@pytest.mark.django_db
def test_staff_edit_site_settings(staff_client):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", staff_client.tree.site.pk])
    html = staff_client.get(url).content.decode()
    assert "Gather Family Support" in html
    assert "How the charity keeps children and adults safe" in html


@pytest.mark.django_db
def test_editors_get_help_text_on_the_group_form(staff_client):
    area = staff_client.tree.area_index.get_children().get(slug="croydon")
    html = staff_client.get(reverse("wagtailadmin_pages:add", args=["events", "grouppage", area.pk])).content.decode()
    for hint in [
        "One sentence shown in lists and search results.",
        "What to expect the first time",
        "First names only",
        "A creche looks after children in another room.",
    ]:
        assert hint in html, hint


@pytest.mark.django_db
def test_a_leader_does_not_see_the_shared_lists(client, db):
    tree = f.site_tree()
    group = f.group_add(f.area_add(tree, "Croydon"), "Mum's Space")
    leader = get_user_model().objects.create_user("leader", "leader@example.org", "a long test password")
    leader.groups.add(group_leader_role_ensure(group))
    client.force_login(leader)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Local services" not in html
    assert client.get(reverse("wagtailsnippets_resources_localservice:list")).status_code in (302, 403)
