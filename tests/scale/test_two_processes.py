"""Two app processes, one PostgreSQL, one Redis and the task worker, as in production.

Real gunicorn processes with the production settings serve a throwaway database
(bench/serve.py). A family books through one process and cancels through it; the
other process, which had the group page in its cache, shows each change on the very
next request, and the task worker sends the confirmation email the web process
queued.
"""

import re
import time

import pytest

from bench.booking import Family
from bench.httpbench import Client, form_body, post_form
from bench.serve import served_site

pytestmark = pytest.mark.postgres

BUILD = """
from tests import factories
tree = factories.site_tree()
area = factories.area_add(tree, "Tweeddale")
venue = factories.venue_add("Broughton Village Hall", area=area)
group = factories.group_add(area, "Broughton Bumps and Babies", venue=venue, weekday="thursday")
session = group.sessions.order_by("start").first()
result = {"group_url": group.url, "session_id": session.pk}
"""


EMAIL_TASKS = """
from django_tasks_db.models import DBTaskResult
result = list(DBTaskResult.objects.filter(task_path__endswith="send_message").values_list("task_path", "status"))
"""


def places_left(client, url):
    answer = client.get(url)
    assert answer.status == 200
    found = re.search(r"(\d+) places? left", answer.text)
    return int(found.group(1)), answer.headers.get("X-Page-Cache")


def wait_for_email(site, *, containing, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in site.mail_dir.glob("*.log") if site.mail_dir.exists() else []:
            text = message.read_text()
            if containing in text:
                return text
        time.sleep(0.2)
    raise AssertionError(f"no email containing {containing!r} within {timeout} s")


@pytest.fixture(scope="module")
def site():
    with served_site(
        db="postgres",
        scale=None,
        processes=2,
        workers=1,
        threads=2,
        redis=True,
        task_worker=True,
        extra_env={"TRUSTED_PROXY_COUNT": "1"},
    ) as site:
        site.built = site.python(BUILD)
        yield site


def test_bookings_and_cancellations_show_at_once_on_the_other_process_and_the_worker_emails(site):
    first_process, second_process = site.urls
    group_url, session_id = site.built["group_url"], site.built["session_id"]
    reader = Client(second_process)
    assert places_left(reader, group_url) == (12, "miss")
    assert places_left(reader, group_url) == (12, "hit")

    family = Family(first_process)
    booked = family.book(session_id)
    assert booked["ok"], booked

    # Counted at once on the other process, whose cached copy is now stale.
    assert places_left(reader, group_url) == (11, "miss")

    # The web process only queued the email; the task worker sent it.
    email = wait_for_email(site, containing=family.email)
    token = re.search(r"/booking/([A-Za-z0-9_-]{20,})/", email).group(1)
    assert ["messaging.tasks.send_message", "SUCCESSFUL"] in site.python(EMAIL_TASKS)

    manage = family.client.get(f"/booking/{token}/", headers=family.headers)
    assert manage.status == 200
    cancel_path = re.search(r'href="(/booking/[^"]+/cancel/)"', manage.text).group(1)
    cancel_page = family.client.get(cancel_path, headers=family.headers)
    action, fields = post_form(cancel_page.text, containing="csrfmiddlewaretoken")
    cancelled = family.client.request(
        "POST",
        action or cancel_path,
        body=form_body(fields),
        headers={
            **family.headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": family.origin,
            "Referer": family.origin + cancel_path,
        },
    )
    assert cancelled.status in (200, 302)

    # The cancellation shows on the next request to the other process.
    assert places_left(reader, group_url) == (12, "miss")


def test_a_page_cached_by_one_process_is_served_by_the_other(site):
    first_process, second_process = site.urls
    group_url = site.built["group_url"]
    Client(first_process).get(group_url)
    answer = Client(second_process).get(group_url)
    assert answer.headers.get("X-Page-Cache") == "hit"
