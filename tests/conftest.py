"""Shared pytest configuration.

GATHER_REQUIRE_MARKERS (comma separated, or "all") turns a skipped test carrying one of
those markers into a failure. CI uses it so that PostgreSQL, fault and browser tests
cannot quietly skip and still count as a pass.
"""

import os

import pytest


def _required_markers():
    value = os.environ.get("GATHER_REQUIRE_MARKERS", "")
    return {item.strip() for item in value.split(",") if item.strip()}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    required = _required_markers()
    # An expected failure is reported as skipped too; it ran, so it is not what this guards.
    if not required or not report.skipped or hasattr(report, "wasxfail"):
        return
    markers = {marker.name for marker in item.iter_markers()}
    if "all" in required or markers & required:
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = (
            f"Skipped, but GATHER_REQUIRE_MARKERS={os.environ['GATHER_REQUIRE_MARKERS']} requires it to run: {reason}"
        )


def database_is_postgres():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL."""
    if database_is_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/gather")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (feeds, pages and rate limits live there)."""
    from django.core.cache import cache

    from web.cache_backend import breakers_forget

    # One slow answer from Redis on a loaded machine opens the breaker for the rest of
    # the process; each test starts as a fresh process would.
    breakers_forget()
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts in English: a request to /ar/... leaves Arabic active in its thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _locale_sync_skips_raw_saves():
    """wagtail-localize syncs the page trees whenever a LocaleSynchronization is saved, raw or not.

    A test with `serialized_rollback` reloads the database row by row, app by app, and
    wagtail_localize comes before wagtailcore: its rows arrive before the Locales they
    name, and the sync reads a Locale not there yet. A raw save (a fixture, a reload)
    copies rows as they were and needs no sync, as Django's own signal handlers assume.
    """
    from django.db.models.signals import post_save
    from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save

    def sync_unless_raw(sender, instance, raw=False, **kwargs):
        if not raw:
            sync_trees_on_locale_sync_save(instance=instance, **kwargs)

    post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
    post_save.connect(sync_unless_raw, sender=LocaleSynchronization, weak=False)
    yield
    post_save.disconnect(sync_unless_raw, sender=LocaleSynchronization)
    post_save.connect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)


@pytest.fixture(autouse=True)
def text_outbox():
    """The texts sent in this test (the locmem text backend), empty at its start like mail.outbox."""
    from messaging.texting.backends import locmem

    locmem.outbox.clear()
    return locmem.outbox


@pytest.fixture
def twilio_stand_in(settings):
    """Texts sent through the Twilio backend to a local stand-in for Twilio (tests/messaging/twilio_stand_in.py)."""
    from tests.messaging.twilio_stand_in import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, TwilioStandIn

    stand_in = TwilioStandIn(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN).start()
    settings.TEXT_BACKEND = "messaging.texting.backends.twilio.TextBackend"
    settings.TWILIO_API_BASE = stand_in.url
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM = FROM_NUMBER
    yield stand_in
    stand_in.stop()
