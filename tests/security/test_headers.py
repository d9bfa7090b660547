"""Security headers and the Content Security Policy, as a browser receives them."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.support.family_support import family_asking


def policy(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_public_page_policy_allows_scripts_and_styles_from_this_site_only(client, site):
    response = client.get(site.home.url)

    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)


@pytest.mark.django_db
def test_public_page_refuses_framing_and_sends_no_referrer_to_other_sites(client, site):
    response = client.get(site.home.url)

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_gets_its_own_policy_that_lets_wagtail_widgets_run(client):
    response = client.get(reverse("wagtailadmin_login"))

    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    # The page editor previews pages in a frame of the admin itself.
    assert directives["frame-ancestors"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_admin_policy_is_scoped_to_the_admin_not_to_lookalike_public_addresses(client, site):
    # A public page whose address merely starts with "admin" must not get the looser policy.
    from home.models import StandardPage

    site.home.add_child(instance=StandardPage(title="Administrators", slug="administrators"))
    response = client.get("/administrators/")

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


def inline_code_problems(html):
    """Everything in a page that a strict policy would block: inline scripts, handlers, styles."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") not in ("application/json", "application/ld+json"):
            problems.append(f"inline <script>: {str(script)[:80]}")
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on"):
                problems.append(f"event handler {attribute} on <{element.name}>")
            if attribute == "style":
                problems.append(f"style attribute on <{element.name}>: {value}")
            if attribute in ("href", "src", "action") and re.match(r"\s*javascript:", str(value), re.I):
                problems.append(f"javascript: URL on <{element.name}>")
    problems.extend(f"inline <style>: {str(style)[:80]}" for style in soup.find_all("style"))
    return problems


def public_addresses(site):
    token = site.amina.manage_token
    booking = site.amina_booking.pk
    return [
        site.home.url,
        site.croydon.url,
        site.mums.url,
        site.peebles.url,
        reverse("search"),
        reverse("search") + "?q=mums",
        reverse("events:session_detail", args=[site.mums_session.pk]),
        reverse("events:booking_manage", args=[token]),
        reverse("events:booking_change", args=[token, booking]),
        reverse("events:booking_cancel", args=[token, booking]),
        reverse("events:private_link_reset", args=[token]),
        reverse("events:topics_family", args=[token]),
        reverse("events:topic_workshop_book", args=[token, site.mums_session.pk]),
    ]


def support_addresses(site):
    """A programme's one-to-one page, the form to ask for a time, and a family's private page."""
    page, free, asked = family_asking(site.croydon, site.mums_leader)
    return [
        page.url,
        reverse("support:ask", args=[free.pk]),
        reverse("support:manage", args=[asked.contact.manage_token]),
    ]


@pytest.mark.django_db
def test_public_pages_have_no_inline_code_that_the_policy_would_block(client, site):
    found = {}
    for address in public_addresses(site) + support_addresses(site):
        response = client.get(address)
        assert response.status_code == 200, address
        if problems := inline_code_problems(response.content.decode()):
            found[address] = problems

    assert found == {}


def test_the_inline_code_check_finds_what_it_looks_for():
    html = (
        '<script>alert(1)</script><button onclick="go()">x</button><p style="color:red">y</p>'
        '<a href="javascript:void(0)">z</a><style>p{}</style><script src="/static/a.js"></script>'
    )

    problems = inline_code_problems(html)

    assert len(problems) == 5
