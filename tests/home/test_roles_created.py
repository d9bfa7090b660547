"""A new area or group comes with its editing roles: nobody has to set up groups by hand."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import AreaPage, GroupPage
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure, staff_role_ensure
from tests import factories as f


@pytest.fixture
def staff_client(client, db):
    tree = f.site_tree()
    user = get_user_model().objects.create_user("staff", "staff@example.org", "a long test password")
    user.groups.add(staff_role_ensure())
    client.force_login(user)
    client.tree = tree
    return client


def _page_codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list("permission__codename", flat=True)
    )


def _media_codenames(group):
    return set(GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True))


def _area_add_in_admin(client, parent, title):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "introduction": "",
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:add", args=["events", "areapage", parent.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return AreaPage.objects.get(title=title, alias_of=None, locale=Locale.get_default())


def _group_add_in_admin(client, area, title):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "summary": "A friendly morning for parents.",
            "what_happens": rich_text("<p>Tea and play.</p>"),
            "first_visit": rich_text(""),
            "languages": "English",
            "cost": "Free",
            "children_welcome": "on",
            "leaders": "",
            "schedules": inline_formset([]),
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:add", args=["events", "grouppage", area.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return GroupPage.objects.get(title=title, alias_of=None, locale=Locale.get_default())


@pytest.mark.django_db
def test_an_area_made_in_the_admin_has_its_coordinators_group(staff_client):
    area = _area_add_in_admin(staff_client, staff_client.tree.area_index, "Peebles and Tweeddale")

    coordinators = Group.objects.get(name="Area coordinators: Peebles and Tweeddale")
    assert _page_codenames(coordinators, area) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    assert set(coordinators.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "add_venue",
        "change_venue",
    }
    assert _media_codenames(coordinators) == {"add_image", "choose_image", "add_document", "choose_document"}


@pytest.mark.django_db
def test_a_group_made_in_the_admin_has_its_leaders_group_and_a_leader_sees_its_bookings(staff_client):
    area = f.area_add(staff_client.tree, "Croydon")
    group = _group_add_in_admin(staff_client, area, "Thornton Heath Dads")

    leaders = Group.objects.get(name="Group leaders: Thornton Heath Dads")
    assert _page_codenames(leaders, group) == {"add_page", "change_page", "publish_page"}
    assert _media_codenames(leaders) == {"add_image", "choose_image", "add_document", "choose_document"}
    # The group's twin in each other language, made as it was published, is theirs too.
    twins = GroupPage.objects.filter(translation_key=group.translation_key).exclude(pk=group.pk)
    assert twins.exists()
    for twin in twins:
        assert _page_codenames(leaders, twin) == {"add_page", "change_page", "publish_page"}

    leader = get_user_model().objects.create_user("dad", "dad@example.org", "a long test password")
    leader.groups.add(leaders)
    staff_client.force_login(leader)
    assert staff_client.get(reverse("wagtailadmin_pages:edit", args=[group.pk])).status_code == 200
    assert staff_client.get(reverse("events_booking:index")).status_code == 200
    assert staff_client.get(reverse("wagtailadmin_pages:edit", args=[area.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_making_the_roles_again_changes_nothing(staff_client):
    area = f.area_add(staff_client.tree, "Croydon")
    group = f.group_add(area, "Mum's Space")
    groups_before = set(Group.objects.values_list("name", flat=True))
    permissions_before = GroupPagePermission.objects.count()

    assert area_coordinator_role_ensure(area).name == "Area coordinators: Croydon"
    assert group_leader_role_ensure(group).name == "Group leaders: Mum's Space"

    assert set(Group.objects.values_list("name", flat=True)) == groups_before
    assert GroupPagePermission.objects.count() == permissions_before


@pytest.mark.django_db
def test_a_translation_makes_no_group_of_its_own_but_its_leaders_edit_it(staff_client):
    area = f.area_add(staff_client.tree, "Croydon")
    group = f.group_add(area, "Mum's Space")
    names_before = set(Group.objects.values_list("name", flat=True))

    urdu = group.copy_for_translation(Locale.objects.get(language_code="ur"), copy_parents=True)

    assert set(Group.objects.values_list("name", flat=True)) == names_before
    leaders = Group.objects.get(name="Group leaders: Mum's Space")
    assert _page_codenames(leaders, urdu) == {"add_page", "change_page", "publish_page"}


@pytest.mark.django_db
def test_a_copied_group_gets_leaders_of_its_own(staff_client):
    area = f.area_add(staff_client.tree, "Croydon")
    group = f.group_add(area, "Stay and Play")
    original_leaders = Group.objects.get(name="Group leaders: Stay and Play")

    copy = group.copy(update_attrs={"slug": "stay-and-play-2"})

    assert not GroupPagePermission.objects.filter(group=original_leaders, page=copy).exists()
    copy_leaders = (
        Group.objects.filter(page_permissions__page=copy, name__startswith="Group leaders: ").distinct().get()
    )
    assert copy_leaders != original_leaders
    assert _page_codenames(copy_leaders, copy) == {"add_page", "change_page", "publish_page"}
