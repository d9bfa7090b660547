"""The programme's public one-to-one page lists the free times and nothing about who asked."""

import uuid

import pytest
from django.utils import timezone

from support import services
from support.models import SupportPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(site):
    page = site.croydon.add_child(
        instance=SupportPage(
            title="One-to-one sessions", slug="one-to-one", introduction="<p>Time to talk things through.</p>"
        )
    )
    page.save_revision().publish()
    return page


def test_the_page_lists_free_times_only_and_names_nobody(client, site, page):
    services.support_request_create(
        slot=site.slot,
        first_name="Amina",
        email="amina@example.org",
        phone="",
        texts_agreed=False,
        language="en",
        about="Sleep has been hard",
        request_key=uuid.uuid4(),
    )

    html = client.get(page.url).content.decode()

    taken, free = (timezone.localtime(slot.starts_at).isoformat() for slot in (site.slot, site.later_slot))
    assert free in html and taken not in html
    assert "Amina" not in html and "Sleep has been hard" not in html
    assert timezone.localtime(site.borders_slot.starts_at).isoformat() not in html


def test_one_page_per_programme(site, page):
    assert not SupportPage.can_create_at(site.croydon)
    assert SupportPage.can_create_at(site.borders)
