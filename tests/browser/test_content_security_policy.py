"""The Content Security Policy in a real browser: nothing on the site is blocked by it.

Chromium reports every blocked script, style, frame or image on the console. Public
pages carry the strict policy; the admin carries its own, and the page editor, whose
widgets start from small inline scripts, must still work under it.
"""

import pytest
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from events.models import Session
from tests import factories as f
from tests.security.site import PASSWORD, site_build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def watch_for_policy_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_public_pages_break_no_rule_of_the_strict_policy(phone_page, live_server):
    site = site_build()
    violations = watch_for_policy_violations(phone_page)

    for path in (site.home.url, site.mums.url, f"/sessions/{site.mums_session.pk}/", "/search/?q=mums"):
        response = phone_page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]

    assert violations == []


def test_the_page_editor_works_under_the_admin_policy(desktop_page, live_server):
    site = site_build()
    violations = watch_for_policy_violations(desktop_page)
    page = desktop_page

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{site.mums.pk}/edit/")
    total_forms = page.locator("#id_schedules-TOTAL_FORMS")
    schedules_before = int(total_forms.input_value())
    # The "Add schedule" button is wired up by an inline script in the InlinePanel.
    page.get_by_role("button", name="Add schedule").click()

    expect(total_forms).to_have_value(str(schedules_before + 1))
    assert violations == []


def test_search_engines_data_loads_under_the_strict_policy(phone_page, live_server):
    """JSON-LD is data, not script: it needs no nonce, and the policy still forbids inline scripts."""
    tree = f.site_tree()
    borders = f.area_add(tree, "Scottish Borders")
    hall = f.venue_add("Walkerburn Hall", area=borders, address="Galashiels Road\nWalkerburn", postcode="EH43 6AA")
    image = get_image_model().objects.create(title="Tots", file=get_test_image_file(size=(1600, 1200)))
    group = f.group_add(borders, "Walkerburn Tots", venue=hall, weekday="tuesday", image=image)
    session = Session.objects.filter(page=group).order_by("start").first()
    violations = watch_for_policy_violations(phone_page)
    # The browser's own report of anything the policy blocked, kept where the test can read it.
    phone_page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
    )

    for path in (group.url, f"/sessions/{session.pk}/"):
        response = phone_page.goto(live_server.url + path)
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        script_rule = next(rule for rule in policy.split(";") if rule.strip().startswith("script-src"))
        assert script_rule.split() == ["script-src", "'self'"], policy
        data = phone_page.locator('script[type="application/ld+json"]')
        expect(data).to_have_count(1)
        assert '"@type":"Event"' in data.text_content()
        assert phone_page.evaluate("window.__violations") == [], path
    assert violations == []
