"""Property-based tests: hostile and random input thrown at every public address."""

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, settings

from tests.security.site import session_at, site_build

# One site per test function is shared by all of its examples, which is what the
# function-scoped fixture health check warns about; the examples only add rows.
settings.register_profile(
    "gather",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("gather")


@pytest.fixture
def site(db):
    from resources.models import LocalServiceIndexPage, ResourceIndexPage

    site = site_build()
    site.creche_session = session_at(site.mums, site.mums_session.start + dt.timedelta(days=7))
    site.creche_session.creche_places = 4
    site.creche_session.save()
    site.resources = site.home.add_child(instance=ResourceIndexPage(title="Hints and tips", slug="resources"))
    site.services = site.home.add_child(instance=LocalServiceIndexPage(title="Local services", slug="services"))
    return site
