import pytest

from tests.security.site import site_build


@pytest.fixture
def site(db):
    return site_build()
