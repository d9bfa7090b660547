"""Who may edit what in the admin: staff everything, coordinators their area, leaders their own group."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import GroupPage, Venue
from home.permissions import (
    area_coordinator_role_ensure,
    group_leader_role_ensure,
    pages_editable_by,
    staff_role_ensure,
    user_edits_whole_site,
)
from tests import factories as f

PASSWORD = "a long enough test password"


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(*groups)
    return user


@pytest.fixture
def site(db):
    tree = f.site_tree()
    croydon = f.area_add(tree, "Croydon")
    borders = f.area_add(tree, "Scottish Borders")
    borders_hall = f.venue_add("Walkerburn Public Hall", area=borders)
    croydon_centre = f.venue_add("Broad Green Community Centre", area=croydon, postcode="CR0 3HA")
    walkerburn = f.group_add(borders, "Walkerburn Mums Group", venue=borders_hall)
    eddleston = f.group_add(borders, "Eddleston Cafe Mornings")
    mums_space = f.group_add(croydon, "Mum's Space", venue=croydon_centre)
    walkerburn_news = f.news_add(walkerburn, "Our fancy dress buggy walk")
    eddleston_news = f.news_add(eddleston, "Helping at the village gala")
    return {
        "tree": tree,
        "croydon": croydon,
        "borders": borders,
        "walkerburn": walkerburn,
        "eddleston": eddleston,
        "mums_space": mums_space,
        "walkerburn_news": walkerburn_news,
        "eddleston_news": eddleston_news,
        "borders_hall": borders_hall,
        "croydon_centre": croydon_centre,
        "staff": _user("staff", staff_role_ensure()),
        "coordinator": _user("coordinator", area_coordinator_role_ensure(borders)),
        "leader": _user("leader", group_leader_role_ensure(walkerburn)),
    }


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _refused(response):
    """Wagtail answers a page it will not let you edit with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.rstrip("/").endswith(reverse("wagtailadmin_home").rstrip("/"))
    )


def _group_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "what_happens": rich_text(page.what_happens),
        "first_visit": rich_text(page.first_visit),
        "languages": page.languages,
        "cost": page.cost,
        "children_welcome": "on",
        "leaders": page.leaders,
        "schedules": inline_formset([]),
        "body": streamfield([]),
        "action-publish": "action-publish",
        **changes,
    }
    return nested_form_data(data)


@pytest.mark.django_db
def test_a_leader_edits_and_publishes_their_own_group(client, site):
    client.force_login(site["leader"])
    group = site["walkerburn"]
    assert client.get(_edit_url(group)).status_code == 200

    response = client.post(_edit_url(group), _group_form(group, summary="Now on Monday afternoons, all welcome."))

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.summary == "Now on Monday afternoons, all welcome."
    assert group.live and not group.has_unpublished_changes


@pytest.mark.django_db
def test_a_leader_is_refused_another_groups_page(client, site):
    client.force_login(site["leader"])
    other = site["eddleston"]

    assert _refused(client.get(_edit_url(other)))
    response = client.post(_edit_url(other), _group_form(other, summary="Changed by someone else"))

    assert _refused(response)
    other.refresh_from_db()
    assert other.summary != "Changed by someone else"


@pytest.mark.django_db
def test_a_leader_can_post_news_for_their_group_only(client, site):
    client.force_login(site["leader"])
    add_news = "wagtailadmin_pages:add"
    own = client.get(reverse(add_news, args=["events", "groupnewspage", site["walkerburn"].pk]))
    other = client.get(reverse(add_news, args=["events", "groupnewspage", site["eddleston"].pk]))

    assert own.status_code == 200
    assert _refused(other)
    assert client.get(_edit_url(site["walkerburn_news"])).status_code == 200
    assert _refused(client.get(_edit_url(site["eddleston_news"])))


@pytest.mark.django_db
def test_a_leader_cannot_edit_the_area_home_or_other_areas(client, site):
    client.force_login(site["leader"])
    for page in [site["borders"], site["tree"].home, site["mums_space"], site["tree"].privacy]:
        assert _refused(client.get(_edit_url(page))), page.title


@pytest.mark.django_db
def test_an_area_coordinator_edits_their_area_only(client, site):
    client.force_login(site["coordinator"])
    for page in [site["borders"], site["walkerburn"], site["eddleston"], site["eddleston_news"]]:
        assert client.get(_edit_url(page)).status_code == 200, page.title
    for page in [site["croydon"], site["mums_space"], site["tree"].home]:
        assert _refused(client.get(_edit_url(page))), page.title


@pytest.mark.django_db
def test_staff_edit_every_page(client, site):
    client.force_login(site["staff"])
    for page in [site["tree"].home, site["croydon"], site["mums_space"], site["eddleston_news"], site["tree"].privacy]:
        assert client.get(_edit_url(page)).status_code == 200, page.title


@pytest.mark.django_db
def test_pages_editable_by_follows_the_roles(site):
    walkerburn_pages = {site["walkerburn"].pk, site["walkerburn_news"].pk}
    borders_pages = set(Page.objects.descendant_of(site["borders"], inclusive=True).values_list("pk", flat=True))

    assert set(pages_editable_by(site["leader"]).values_list("pk", flat=True)) == walkerburn_pages
    assert set(pages_editable_by(site["coordinator"]).values_list("pk", flat=True)) == borders_pages
    assert set(pages_editable_by(site["staff"]).values_list("pk", flat=True)) == set(
        Page.objects.values_list("pk", flat=True)
    )
    nobody = _user("nobody")
    assert not pages_editable_by(nobody).exists()
    site["leader"].is_active = False
    site["leader"].save()
    assert not pages_editable_by(site["leader"]).exists()


@pytest.mark.django_db
def test_pages_editable_by_works_as_a_subquery(site):
    groups = GroupPage.objects.filter(pk__in=pages_editable_by(site["coordinator"]))
    assert set(groups) == {site["walkerburn"], site["eddleston"]}
    assert user_edits_whole_site(site["staff"])
    assert not user_edits_whole_site(site["coordinator"])


@pytest.mark.django_db
def test_roles_are_made_once_and_survive_a_renamed_page(site):
    walkerburn = site["walkerburn"]
    first = group_leader_role_ensure(walkerburn)
    walkerburn.title = "Walkerburn Parents"
    walkerburn.save_revision().publish()
    again = group_leader_role_ensure(walkerburn)

    assert again == first
    assert first.name == "Group leaders: Walkerburn Mums Group"
    assert GroupPagePermission.objects.filter(group=first).count() == 3
    assert staff_role_ensure() == staff_role_ensure()
    assert Group.objects.filter(name="Staff").count() == 1


# Venues ---------------------------------------------------------------------------


def _venue_url(name, *args):
    return reverse(f"wagtailsnippets_events_venue:{name}", args=args)


@pytest.mark.django_db
def test_a_coordinator_sees_and_edits_only_their_areas_venues(client, site):
    client.force_login(site["coordinator"])
    listing = client.get(_venue_url("list")).content.decode()
    assert "Walkerburn Public Hall" in listing
    assert "Broad Green Community Centre" not in listing

    assert client.get(_venue_url("edit", site["borders_hall"].pk)).status_code == 200
    assert _refused(client.get(_venue_url("edit", site["croydon_centre"].pk)))


@pytest.mark.django_db
def test_a_coordinator_files_new_venues_under_their_own_area(client, site):
    client.force_login(site["coordinator"])
    form = client.get(_venue_url("add")).content.decode()
    assert "Scottish Borders" in form
    assert "Croydon" not in form.split('name="area"')[1].split("</select>")[0]

    data = {
        "name": "Innerleithen Memorial Hall",
        "address": "Buccleuch Street\nInnerleithen",
        "postcode": "EH44 6LA",
        "area": site["croydon"].pk,
        "map_url": "",
        "parking": "",
        "public_transport": "",
        # Directions in other languages: none.
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    refused = client.post(_venue_url("add"), data)
    assert refused.status_code == 200  # the form again, with an error
    assert not Venue.objects.filter(name="Innerleithen Memorial Hall").exists()

    client.post(_venue_url("add"), {**data, "area": site["borders"].pk})
    assert Venue.objects.get(name="Innerleithen Memorial Hall").area_id == site["borders"].pk


@pytest.mark.django_db
def test_staff_see_every_venue_and_leaders_none(client, site):
    client.force_login(site["staff"])
    listing = client.get(_venue_url("list")).content.decode()
    assert "Walkerburn Public Hall" in listing and "Broad Green Community Centre" in listing
    assert client.get(_venue_url("edit", site["croydon_centre"].pk)).status_code == 200

    client.force_login(site["leader"])
    assert _refused(client.get(_venue_url("list")))


def test_a_leader_edits_their_groups_translations_made_before_or_after_the_role(client, site):
    urdu, polish = Locale.objects.get(language_code="ur"), Locale.objects.get(language_code="pl")
    walkerburn = site["walkerburn"]
    earlier = walkerburn.copy_for_translation(urdu, copy_parents=True)
    group_leader_role_ensure(walkerburn)  # again, as when a leader is added later
    later = walkerburn.copy_for_translation(polish, copy_parents=True)
    other_group_in_polish = site["eddleston"].copy_for_translation(polish, copy_parents=True)
    client.login(username="leader", password=PASSWORD)

    assert client.get(_edit_url(earlier)).status_code == 200
    assert client.get(_edit_url(later)).status_code == 200
    assert client.get(_edit_url(other_group_in_polish)).status_code == 302
