"""Who may edit what: the three editing roles, and the reads that follow from them.

Roles are ordinary Django groups with Wagtail page permissions, so they show up in
Settings > Groups and an administrator can adjust them there:

- "Staff" edit every page, the shared lists (topics, audiences, venues, local
  services), site settings, images and documents.
- "Area coordinators: <area>" edit and publish their area's pages and the venues
  filed under that area.
- "Group leaders: <group>" edit and publish their own group page and its news posts.

Wagtail checks page permissions against the tree, so a leader who opens another
group's page in the admin is refused by Wagtail itself.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permissions import page_permission_policy

STAFF_GROUP_NAME = "Staff"
AREA_COORDINATORS_PREFIX = "Area coordinators: "
GROUP_LEADERS_PREFIX = "Group leaders: "

STAFF_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
AREA_COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
GROUP_LEADER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]

STAFF_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "home.add_topic",
    "home.change_topic",
    "home.delete_topic",
    "home.add_audience",
    "home.change_audience",
    "home.delete_audience",
    "home.change_sitesettings",
    "events.add_venue",
    "events.change_venue",
    "events.delete_venue",
    "events.add_grant",
    "events.change_grant",
    "events.delete_grant",
    "events.view_grant",
    "resources.add_localservice",
    "resources.change_localservice",
    "resources.delete_localservice",
]
AREA_COORDINATOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "events.add_venue",
    "events.change_venue",
]
GROUP_LEADER_MODEL_PERMISSIONS = ["wagtailadmin.access_admin"]

STAFF_MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
]
# Leaders and coordinators may add a photo or a leaflet, but not change other people's.
VOLUNTEER_MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = list(
        Permission.objects.filter(
            Q(*[Q(content_type__app_label=app, codename=codename) for app, codename in wanted], _connector=Q.OR)
        ).select_related("content_type")
    )
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Permissions not found (are migrations applied?): {sorted(missing)}")
    return found


def _page_permissions(codenames: list[str]) -> list[Permission]:
    return _permissions([f"wagtailcore.{codename}" for codename in codenames])


def _grant(
    group: Group, *, page: Page, page_permissions: list[str], model_permissions: list[str], media: list[str]
) -> None:
    # The page in every language: a leader translates and keeps up their own group's page
    # in Urdu as well as in English (each language's pages are a tree of their own).
    for twin in Page.objects.filter(translation_key=page.translation_key):
        for permission in _page_permissions(page_permissions):
            GroupPagePermission.objects.get_or_create(group=group, page=twin, permission=permission)
    group.permissions.add(*_permissions(model_permissions))
    root_collection = Collection.get_first_root_node()
    for permission in _permissions(media):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)


def _role_group_for_page(*, prefix: str, page: Page) -> Group:
    """The role group for `page`, found by its permission rather than its name.

    Renaming a page (or the group) must not create a second, empty role.
    """
    existing = Group.objects.filter(name__startswith=prefix, page_permissions__page=page).order_by("pk").first()
    if existing:
        return existing
    group, _ = Group.objects.get_or_create(name=f"{prefix}{page.title}"[:150])
    if group.page_permissions.exclude(page__translation_key=page.translation_key).exists():
        # Another page of the same title has this name (a copied page, or two groups
        # called "Stay and Play"): its people must not gain this page too.
        suffix = f" ({page.pk})"
        group, _ = Group.objects.get_or_create(name=f"{prefix}{page.title}"[: 150 - len(suffix)] + suffix)
    return group


@transaction.atomic
def staff_role_ensure() -> Group:
    """The "Staff" group, which edits the whole site. Safe to call again."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    _grant(
        group,
        page=Page.get_first_root_node(),
        page_permissions=STAFF_PAGE_PERMISSIONS,
        model_permissions=STAFF_MODEL_PERMISSIONS,
        media=STAFF_MEDIA_PERMISSIONS,
    )
    return group


@transaction.atomic
def area_coordinator_role_ensure(area_page: Page) -> Group:
    """The group that edits `area_page`, every page under it and its venues. Safe to call again."""
    group = _role_group_for_page(prefix=AREA_COORDINATORS_PREFIX, page=area_page)
    _grant(
        group,
        page=area_page,
        page_permissions=AREA_COORDINATOR_PAGE_PERMISSIONS,
        model_permissions=AREA_COORDINATOR_MODEL_PERMISSIONS,
        media=VOLUNTEER_MEDIA_PERMISSIONS,
    )
    return group


@transaction.atomic
def group_leader_role_ensure(group_page: Page) -> Group:
    """The group that edits and publishes `group_page` and its news posts only. Safe to call again."""
    group = _role_group_for_page(prefix=GROUP_LEADERS_PREFIX, page=group_page)
    _grant(
        group,
        page=group_page,
        page_permissions=GROUP_LEADER_PAGE_PERMISSIONS,
        model_permissions=GROUP_LEADER_MODEL_PERMISSIONS,
        media=VOLUNTEER_MEDIA_PERMISSIONS,
    )
    return group


def twin_permissions_copy(sender, source_obj, target_obj, **kwargs) -> None:
    """A page's new translation (or placeholder) may be edited by whoever may edit the page.

    Connected to Wagtail's copy_for_translation_done. Only the permissions given on the
    page itself are copied: what is given on a page above reaches the copy through its
    own parent's copy.
    """
    if not isinstance(source_obj, Page) or not isinstance(target_obj, Page):
        return
    for granted in GroupPagePermission.objects.filter(page_id=source_obj.pk):
        GroupPagePermission.objects.get_or_create(
            group_id=granted.group_id, page_id=target_obj.pk, permission_id=granted.permission_id
        )


def pages_editable_by(user) -> QuerySet:
    """Ids of the pages `user` may edit: whose bookings and sessions they may see.

    A queryset of ids, so callers can use it as a subquery:
    `Booking.objects.filter(session__page__in=pages_editable_by(user))`.
    Pages a user can only edit because they created them do not count.
    """
    return page_permission_policy.instances_user_has_any_permission_for(user, {"change", "publish"}).values("pk")


def user_edits_whole_site(user) -> bool:
    """Whether `user` may edit the tree's root, so every page.

    Read from the page permissions Wagtail caches on the user for the request, which
    the admin's menus have mostly loaded already.
    """
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        permission.page.depth == 1 and permission.permission.codename == "change_page"
        for permission in page_permission_policy.get_cached_permissions_for_user(user)
    )
