"""Who may look after a group's leaders, and who they are.

A group's leaders are the people in its "Group leaders: <group>" role
(home/permissions.py). Whoever may edit the group's area page looks after them:
staff and superusers for every group, an area coordinator for the groups of their
area. A leader edits their own group's page but not its area's, so they cannot.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet
from wagtail.models import GroupPagePermission

from events.models import AreaPage, GroupPage
from home.localization import default_locale
from home.permissions import GROUP_LEADERS_PREFIX, pages_editable_by


def _source_pages(model) -> QuerySet:
    return model.objects.filter(alias_of__isnull=True, locale=default_locale())


def groups_led_under(user) -> QuerySet:
    """The English group pages whose leaders `user` may invite and remove, by area then title."""
    if not (user.is_authenticated and user.is_active):
        return GroupPage.objects.none()
    areas = list(_source_pages(AreaPage).filter(pk__in=pages_editable_by(user)).values_list("path", flat=True))
    if not areas:
        return GroupPage.objects.none()
    under = Q(*[Q(path__startswith=path) for path in areas], _connector=Q.OR)
    return _source_pages(GroupPage).filter(under).order_by("path")


def user_looks_after_leaders_of(user, group_page: GroupPage) -> bool:
    return groups_led_under(user).filter(pk=group_page.pk).exists()


def groups_with_areas(groups) -> list[tuple[GroupPage, str]]:
    """Each group with its area's title, for a choice list (one query for the areas)."""
    groups = list(groups)
    parent_paths = {group.path[: -GroupPage.steplen] for group in groups}
    titles = dict(AreaPage.objects.filter(path__in=parent_paths).values_list("path", "title"))
    return [(group, titles.get(group.path[: -GroupPage.steplen], "")) for group in groups]


def group_leaders(groups) -> dict[int, list]:
    """The people in each group page's leaders' role, by group page id (two queries).

    Each person with `role_group_id`, the Django group to take them out of.
    """
    pages = [group.pk for group in groups]
    roles = dict(
        GroupPagePermission.objects.filter(page_id__in=pages, group__name__startswith=GROUP_LEADERS_PREFIX)
        .values_list("group_id", "page_id")
        .distinct()
    )
    found: dict[int, list] = {pk: [] for pk in pages}
    people = (
        get_user_model()
        .objects.filter(groups__in=list(roles))
        .prefetch_related(Prefetch("groups", queryset=Group.objects.filter(pk__in=list(roles)).only("pk")))
        .order_by("first_name", "email")
        .distinct()
    )
    for person in people:
        for role in person.groups.all():
            found[roles[role.pk]].append(person)
    return found
