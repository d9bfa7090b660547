"""Random and hostile values sent to the one-to-one ask form and to a family's private one-to-one page.

Whatever is sent: never a server error; a request is made only from a form that is
right, and otherwise the refusal is explained in words and nothing is stored; nothing
sent comes back as live HTML.
"""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from events.models import Contact
from support.models import SupportPage, SupportRequest, SupportSlot
from support.services import support_request_cancel, support_request_create
from tests.security.site import _user
from tests.support.conftest import slot_add

from .strategies import hostile_text, optional, query
from .test_public_forms import assert_no_reflected_markup, assert_plain_messages, form_errors, one_address

ask_fields = query(
    first_name=st.one_of(hostile_text, st.sampled_from(["Hodan", "  Nasreen  ", "عائشہ"])),
    email=st.one_of(hostile_text, st.emails().filter(lambda e: len(e) < 200), st.just("hodan@example.org")),
    phone=st.one_of(hostile_text, st.sampled_from(["07700 900123", "+44 7700 900123", "٠٧٧٠٠٩٠٠١٢٣"])),
    texts=st.one_of(hostile_text, st.just("on")),
    language=st.one_of(hostile_text, st.sampled_from(["en-gb", "ur", "ar", "bn", "pl"])),
    about=hostile_text,
    consent=st.one_of(hostile_text, st.just("on")),
    request_key=st.one_of(hostile_text, st.uuids().map(str)),
    website=optional(st.sampled_from(["", "http://spam.example"])),
)


@pytest.fixture
def slot(site):
    site.croydon.add_child(
        instance=SupportPage(title="One-to-one sessions", slug="one-to-one", introduction="<p>Time to talk.</p>")
    )
    return slot_add(site.croydon, _user("sara-worker"), mode=SupportSlot.Mode.VIDEO)


def stored():
    return Contact.objects.count(), SupportRequest.objects.count()


@given(fields=ask_fields)
@example(
    fields={
        "first_name": "<img src=x onerror=alert(1)>",
        "email": "hodan@example.org",
        "about": "a\x00b",
        "consent": "on",
        "language": "ur",
        "request_key": "5b0c2d0e-4f5a-4a43-9d59-6a1f7c2b9e10",
    }
)
def test_the_ask_form_asks_or_explains_and_stores_nothing_when_it_refuses(client, site, slot, fields):
    before = stored()

    response = one_address(client).post(reverse("support:ask", args=[slot.pk]), fields)

    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert not fields.get("website"), "a filled honeypot was accepted"
        made = SupportRequest.objects.latest("pk")
        assert "\x00" not in made.about and len(made.about) <= 300
        assert "<" not in made.contact.first_name
        page = one_address(client).get(response.url)
        assert_no_reflected_markup(page, fields.values())
        # Free the time again for the next example.
        support_request_cancel(request=made)
    else:
        assert stored() == before
        assert_plain_messages(form_errors(response))
        assert_no_reflected_markup(response, fields.values())


@given(
    fields=query(
        action=st.one_of(hostile_text, st.sampled_from(["cancel", "other_time", "accept", "decline"])),
        request=st.one_of(hostile_text, st.integers(min_value=-5, max_value=10**12).map(str)),
        confirm=st.one_of(hostile_text, st.just("yes")),
        wish=hostile_text,
        website=optional(st.sampled_from(["", "http://spam.example"])),
    )
)
def test_the_private_page_changes_only_its_own_request_or_explains(client, site, slot, fields):
    other_slot = slot_add(site.croydon, slot.worker, days=5, mode=SupportSlot.Mode.VIDEO)
    mine, other = (
        support_request_create(
            slot=held,
            first_name=name,
            email=f"{name.lower()}@example.org",
            phone="",
            texts_agreed=False,
            language="en-gb",
            about="",
            request_key=None,
        )
        for held, name in ((slot, "Hodan"), (other_slot, "Zainab"))
    )

    response = one_address(client).post(reverse("support:manage", args=[mine.contact.manage_token]), fields)

    assert response.status_code in (200, 302, 404), response.status_code
    other.refresh_from_db()
    assert other.status == SupportRequest.Status.ASKED, "another family's request was changed"
    if response.status_code == 200:
        assert_no_reflected_markup(response, fields.values())
    for held in (mine, other):
        held.refresh_from_db()
        if held.is_live:
            support_request_cancel(request=held)
