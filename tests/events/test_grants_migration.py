"""On a running site, the Staff group may edit grants as soon as the grants arrive."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback, like every other transactional test outside the browser tests:
# the flush after a test without it sends post_migrate, which recreates content types
# and watched jobs that the next serialized test's restored rows would clash with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_GRANTS = [("events", "0014_schedule_run_booking_limit")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_grants():
    yield migrate(BEFORE_GRANTS)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_staff_group_is_given_the_grant_permissions(before_grants):
    Group.objects.filter(name="Staff").delete()
    staff = Group.objects.create(name="Staff")
    others = Group.objects.create(name="Group leaders: Mums' Space")

    migrate([("events", "0015_grants")])

    assert set(staff.permissions.values_list("codename", flat=True)) == {
        "add_grant",
        "change_grant",
        "delete_grant",
        "view_grant",
    }
    assert not others.permissions.exists()
