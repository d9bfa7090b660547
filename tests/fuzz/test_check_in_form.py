"""Random and hostile answers to the anonymous check-in form, and hostile links.

A refused answer is explained in words, stores nothing and leaves the link usable;
nothing sent comes back as live HTML, and no link that was never given opens the form.
"""

import datetime as dt
import secrets

from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from events.models import CheckInAnswer, CheckInInvitation
from events.models.check_ins import Lonely, ServiceUsed, Welcome
from events.services.check_ins import token_hash

from .strategies import hostile_text, query
from .test_public_forms import assert_no_reflected_markup, assert_plain_messages, form_errors, one_address

answers = query(
    lonely=st.one_of(hostile_text, st.sampled_from(Lonely.values)),
    welcome=st.one_of(hostile_text, st.sampled_from(Welcome.values)),
    service_used=st.one_of(hostile_text, st.sampled_from(ServiceUsed.values)),
    website=st.sampled_from(["", "http://spam.example"]),
)
CHOICES = {"lonely": Lonely.values, "welcome": Welcome.values, "service_used": ServiceUsed.values}


def invitation_link(group) -> str:
    token = secrets.token_urlsafe(16)
    CheckInInvitation.objects.create(
        group=group,
        kind="first",
        expires_on=timezone.localdate() + dt.timedelta(days=7),
        token_hash=token_hash(token),
    )
    return reverse("events:check_in_answer", args=[token])


def acceptable(fields) -> bool:
    chosen = all(fields[name] in [""] + CHOICES[name] for name in CHOICES if name in fields)
    return chosen and not fields.get("website")


@given(fields=answers)
@example(fields={"lonely": "<script>alert(1)</script>", "website": ""})
@example(fields={"welcome": "very\x00", "website": ""})
def test_the_check_in_form_stores_only_real_choices_and_explains_a_refusal(client, site, fields):
    link = invitation_link(site.mums)
    stored = CheckInAnswer.objects.count()
    response = one_address(client).post(link, fields)

    assert response.status_code == 200, response.status_code
    if acceptable(fields):
        assert CheckInAnswer.objects.count() == stored + 1
    else:
        assert_plain_messages(form_errors(response))
        assert CheckInAnswer.objects.count() == stored
        assert_no_reflected_markup(response, fields.values())


@given(token=st.one_of(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789_-", min_size=1, max_size=80)))
def test_a_link_never_given_is_refused_plainly(client, site, token):
    response = one_address(client).post(reverse("events:check_in_answer", args=[token]), {"lonely": "never"})

    assert response.status_code == 410
    assert "This link has already been used. Thank you for answering." in response.content.decode()
    assert CheckInAnswer.objects.count() == 0
