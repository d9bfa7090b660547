"""What the family-side tests share: the programme's public page, and asking for a time as a family does."""

import re

from django.urls import reverse

from support.models import SupportPage

INTRODUCTION = "<p>Time with a trained worker to think a problem through, step by step.</p>"


def support_page_add(area, *, title="One-to-one sessions", slug="one-to-one") -> SupportPage:
    return area.add_child(instance=SupportPage(title=title, slug=slug, introduction=INTRODUCTION))


def ask_data(client, slot, **overrides) -> dict:
    """What a family sends: the form's own hidden key plus what they typed (None leaves a field out)."""
    page = client.get(reverse("support:ask", args=[slot.pk]))
    key = re.search(r'name="request_key" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "first_name": "Hodan",
        "email": "hodan@example.org",
        "phone": "07700 900456",
        "language": "en-gb",
        "about": "",
        "consent": "on",
        "request_key": key,
        "website": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def html(response) -> str:
    return response.content.decode()


def family_asking(area, worker, *, first_name="Hodan", language="en-gb"):
    """The programme's page, a free time, and a family who asked for another: for the checks across the site."""
    from support.models import SupportSlot
    from support.services import support_request_create

    from .conftest import slot_add

    page = support_page_add(area)
    free = slot_add(area, worker, days=2, mode=SupportSlot.Mode.VIDEO)
    asked = support_request_create(
        slot=slot_add(area, worker, days=3),
        first_name=first_name,
        email=f"{first_name.lower()}@example.org",
        phone="07700 900456",
        texts_agreed=False,
        language=language,
        about="",
        request_key=None,
    )
    return page, free, asked
