"""The demo logins (staff, an area coordinator, a group leader, and Croydon's one-to-one
worker and safeguarding lead), with passwords made on the first run and kept in a file
readable by this user only."""

import json
import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from events.models import AreaPage, GroupPage
from home.localization import default_locale
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure, staff_role_ensure

from .support import LEAD as SUPPORT_LEAD
from .support import WORKER as SUPPORT_WORKER


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str


def _role_groups():
    # The English pages: each has a twin in every other language with the same slug.
    borders = AreaPage.objects.get(slug="scottish-borders", locale=default_locale())
    croydon = AreaPage.objects.get(slug="croydon", locale=default_locale())
    walkerburn = GroupPage.objects.get(slug="walkerburn", locale=default_locale())
    return {
        "staff": ("Staff: edits everything", [staff_role_ensure()]),
        "borders-coordinator": (
            "Area coordinator: Scottish Borders",
            [area_coordinator_role_ensure(borders)],
        ),
        "walkerburn-leader": ("Group leader: Walkerburn Mums Group", [group_leader_role_ensure(walkerburn)]),
        # Their one-to-one roles are given in demo/support.py; the lead also looks after Croydon's pages.
        SUPPORT_WORKER: ("One-to-one worker: Croydon", []),
        SUPPORT_LEAD: (
            "Area coordinator and safeguarding lead: Croydon",
            [area_coordinator_role_ensure(croydon)],
        ),
    }


def _write_private(path, data):
    """Write `data` as JSON readable by this user only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle, indent=2)
    os.chmod(path, 0o600)


@transaction.atomic
def demo_logins_ensure(*, path) -> list[DemoLogin]:
    """The demo logins, with passwords made on the first run and kept in `path`.

    A password is only made (and set) when `path` has none for that login, so running
    again prints the same logins. A fresh database with the file still present gets
    the same passwords back.
    """
    stored = json.loads(path.read_text()) if path.exists() else {}
    user_model = get_user_model()
    logins = []
    changed = False
    for username, (role, groups) in _role_groups().items():
        password = stored.get(username)
        if password is None:
            password = secrets.token_urlsafe(12)
            stored[username] = password
            changed = True
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username, email=f"{username}@gather.example", password=password
            )
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(*groups)
        logins.append(DemoLogin(username=username, password=password, role=role))
    if changed or not path.exists():
        _write_private(path, stored)
    return logins
