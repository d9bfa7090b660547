"""The demo, loaded once for a module's tests.

Loading it takes about 20 seconds. Loading it once per module, inside a transaction
that is rolled back when the module's tests are done, saves minutes on every run; each
test still runs in a savepoint of its own, so what one test changes is gone before the
next.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@dataclass(frozen=True)
class LoadedDemo:
    output: str  # what `load_demo` printed
    base_dir: Path  # where it kept the logins file


def demo_load(base_dir: Path) -> str:
    output = io.StringIO()
    with override_settings(BASE_DIR=base_dir):
        call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    base_dir = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), transaction.atomic():
        yield LoadedDemo(output=demo_load(base_dir), base_dir=base_dir)
        transaction.set_rollback(True)
