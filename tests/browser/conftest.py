"""Real-browser tests: Playwright driving Debian's Chromium against a live test server.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium
(`apt-get install chromium`). axe-core (bundled by axe-playwright-python) checks each
page for accessibility problems.
"""

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# Playwright's sync API runs an event loop in this thread; the test itself still talks
# to the database synchronously, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeServer(WSGIServer):
    """The live test server, answering one request at a time.

    With SQLite in memory every request thread shares the test's one connection; a
    browser sends a page's requests (a favicon, a script) side by side, and two of them
    on one connection at once can leave it mid-transaction for the other. Answering in
    turn removes that race; Django closes each connection, so a kept-alive one never
    holds the server.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATimeServer


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)
            # Every test here shares the live server's database, so each leaves it as the
            # migrations made it. One flushed without (a test marking no database) would
            # have the migrations' rows made afresh, and the next reload would add them twice.
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs the rest of the session in a greenlet with a context of
    # its own, and Django keeps its connections per context: a test database set up
    # before this point would be out of sight, with the copy of its first contents that
    # `serialized_rollback` reloads between tests. The same connections go on.
    opened = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in opened.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _page(browser, options):
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """A phone-sized page with JavaScript turned off, as on a locked-down or slow phone."""
    context, page = _page(browser, {**PHONE, "java_script_enabled": False})
    yield page
    context.close()


def axe_serious_violations(page, include=None):
    """Serious and critical axe findings on the page, or only inside the CSS selector `include`."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [include]} if include else None)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def assert_no_serious_axe_violations():
    def check(page, include=None):
        problems = axe_serious_violations(page, include=include)
        assert not problems, f"axe found serious or critical problems on {page.url}:\n" + "\n".join(problems)

    return check
