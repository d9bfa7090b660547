"""The admin's home page names a stopped periodic job to whole-site staff, and to nobody else."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from home.models import ScheduledJobRun
from home.permissions import group_leader_role_ensure
from home.scheduled_jobs import scheduled_job_succeeded, scheduled_jobs
from tests.events.booking_support import two_area_site, user_in

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"


@pytest.fixture
def site():
    site = two_area_site()
    site.leader = user_in("fiona", group_leader_role_ensure(site.peebles))
    for job in scheduled_jobs():
        scheduled_job_succeeded(job.name)
    return site


def stopped(name, days=3):
    ScheduledJobRun.objects.filter(name=name).update(last_success_at=timezone.now() - dt.timedelta(days=days))


def panel(client, user):
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="scheduled-jobs-section")


def test_staff_are_told_in_plain_words_which_jobs_stopped(client, site):
    stopped("sync_sessions")
    stopped("purge_personal_data", days=2)

    found = panel(client, site.staff)

    items = [item.get_text(" ", strip=True) for item in found.find_all("li")]
    assert len(items) == 2
    assert items[0].startswith("Sessions not rolled forward since ")
    assert items[1].startswith("Personal data not purged since ")
    assert "scheduler" in found.get_text()


def test_the_date_is_the_last_success(client, site):
    three_days_ago = timezone.now() - dt.timedelta(days=3)
    ScheduledJobRun.objects.filter(name="send_reminders").update(last_success_at=three_days_ago)

    text = panel(client, site.staff).get_text(" ", strip=True)

    assert f"Reminders not sent since {timezone.localtime(three_days_ago):%-d %b %Y}" in text


def test_no_panel_while_every_job_runs(client, site):
    assert panel(client, site.staff) is None


def test_a_group_leader_is_not_shown_the_servers_jobs(client, site):
    stopped("sync_sessions")

    assert panel(client, site.leader) is None
