"""The demo's translated pages share the English pages' sessions: translating makes none."""

import pytest
from wagtail.models import Locale

from demo.base import DemoReport
from demo.content import demo_english_load
from demo.translations import english_page, translations_load
from events.models import Schedule, Session
from home.builders import publish
from tests.demo.test_load_demo import DIRECTIONS


@pytest.mark.django_db
def test_translations_make_no_sessions():
    report = DemoReport()
    demo_english_load(report)
    sessions = set(Session.objects.values_list("pk", flat=True))
    schedules = Schedule.objects.count()

    translations_load(report)
    arabic = english_page("mums-space").get_translation(Locale.objects.get(language_code="ar"))
    publish(arabic.specific)
    # Publishing an English page syncs its sessions and updates its aliases, which sync none.
    publish(english_page("walkerburn"))

    assert Session.objects.count() == len(sessions)
    assert set(Session.objects.values_list("pk", flat=True)) == sessions
    assert not Session.objects.exclude(page__locale=Locale.get_default()).exists()
    # Every twin carries the English page's schedules, which make nothing.
    assert Schedule.objects.count() == schedules * (1 + len(DIRECTIONS))
