"""The Content Security Policy in a real browser: nothing on the site is blocked by it.

Chromium reports every blocked script, style, frame or image on the console. Public
pages carry the strict policy; the admin carries its own, and the page editor, whose
widgets start from small inline scripts, must still work under it.
"""

import pytest
from playwright.sync_api import expect

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
