"""/health/ as an uptime monitor reads it: 200 when all is well, 503 naming what is not,
and never anything private."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from events.models import Contact
from home.models import ScheduledJobRun
from home.scheduled_jobs import scheduled_job_succeeded, scheduled_jobs, scheduled_jobs_watch
from messaging.models import MessageStatus, OutboundMessage

pytestmark = pytest.mark.django_db

HEALTH = "/health/"
# The database, the outbox, the task worker's backend (immediate in tests: no query) and the jobs.
HEALTH_QUERIES = 3


@pytest.fixture
def jobs_ran():
    for job in scheduled_jobs():
        scheduled_job_succeeded(job.name)


def read(response) -> dict:
    return json.loads(response.content)


def test_a_healthy_site_answers_200_with_every_check_ok(client, jobs_ran):
    response = client.get(HEALTH)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = read(response)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "task_worker", "outbox", "scheduled_jobs"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["scheduled_jobs"]["sync_sessions"] == "ok"


def test_the_plain_text_form_for_monitors_that_match_a_word(client, jobs_ran):
    by_header = client.get(HEALTH, headers={"accept": "text/plain"})
    by_query = client.get(HEALTH + "?format=text")

    for response in (by_header, by_query):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        assert text.startswith("ok\n")
        assert "database: ok" in text and "scheduled_jobs: ok" in text


def test_never_cached_no_cookie_and_the_same_address_whatever_the_language(client, jobs_ran):
    response = client.get(HEALTH, headers={"accept": "text/html", "accept-language": "ar"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "health" in reverse("health")


def test_a_monitor_polling_every_second_is_never_turned_away(client, jobs_ran):
    statuses = {client.get(HEALTH).status_code for _ in range(60)}

    assert statuses == {200}


def test_the_checks_cost_a_fixed_few_queries(client, jobs_ran, django_assert_num_queries):
    with django_assert_num_queries(HEALTH_QUERIES):
        client.get(HEALTH)


def test_the_database_down_answers_503_without_the_error_text(client, jobs_ran):
    error = OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')
    with mock.patch.object(connection, "cursor", side_effect=error):
        response = client.get(HEALTH)

    assert response.status_code == 503
    body = read(response)
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"] == {"ok": False}
    assert body["checks"]["outbox"] == {"ok": False, "skipped": "database"}
    assert body["checks"]["cache"]["ok"] and body["checks"]["storage"]["ok"]
    assert "db.internal" not in response.content.decode() and "10.0.0.5" not in response.content.decode()


def test_the_cache_down_answers_503(client, jobs_ran, settings):
    # django-redis against a port nothing listens on, quickly given up.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }

    response = client.get(HEALTH + "?format=text")

    assert response.status_code == 503
    text = response.content.decode()
    assert text.startswith("unhealthy\n")
    assert "cache: failing" in text and "database: ok" in text
    assert "127.0.0.1" not in text


def test_storage_that_cannot_be_written_answers_503(client, jobs_ran):
    with mock.patch("web.health.default_storage.save", side_effect=PermissionError("/srv/media is read-only")):
        response = client.get(HEALTH)

    assert response.status_code == 503
    assert read(response)["checks"]["storage"] == {"ok": False}
    assert "/srv/media" not in response.content.decode()


def test_the_storage_check_leaves_no_file_behind(client, jobs_ran):
    from django.core.files.storage import default_storage

    client.get(HEALTH)

    assert default_storage.listdir("health-check")[1] == []


class TestScheduledJobs:
    def test_a_job_late_by_more_than_a_day_answers_503_naming_it_in_plain_words(self, client, jobs_ran):
        two_days_ago = timezone.now() - dt.timedelta(days=2)
        ScheduledJobRun.objects.filter(name="sync_sessions").update(last_success_at=two_days_ago)

        response = client.get(HEALTH)

        assert response.status_code == 503
        jobs = read(response)["checks"]["scheduled_jobs"]
        assert jobs["ok"] is False
        assert jobs["sync_sessions"].startswith("Sessions not rolled forward since ")
        assert jobs["sync_sessions_last_success"] == two_days_ago.isoformat()
        assert jobs["send_reminders"] == "ok"

    def test_a_daily_job_that_ran_yesterday_evening_is_not_late(self, client, jobs_ran):
        ScheduledJobRun.objects.filter(name="purge_personal_data").update(
            last_success_at=timezone.now() - dt.timedelta(hours=25)
        )

        assert client.get(HEALTH).status_code == 200

    def test_the_outbox_job_is_late_after_half_an_hour(self, client, jobs_ran):
        ScheduledJobRun.objects.filter(name="send_pending_messages").update(
            last_success_at=timezone.now() - dt.timedelta(minutes=40)
        )

        response = client.get(HEALTH)

        assert response.status_code == 503
        assert read(response)["checks"]["scheduled_jobs"]["send_pending_messages"].startswith(
            "Waiting emails and texts not sent since "
        )

    def test_a_new_site_does_not_warn_before_its_jobs_had_time_to_run(self, client):
        ScheduledJobRun.objects.all().delete()
        scheduled_jobs_watch()  # what every `migrate` does
        ScheduledJobRun.objects.update(watched_since=timezone.now() - dt.timedelta(minutes=10))

        assert client.get(HEALTH).status_code == 200

        ScheduledJobRun.objects.update(watched_since=timezone.now() - dt.timedelta(days=2))
        assert client.get(HEALTH).status_code == 503

    def test_a_job_without_any_record_is_late(self, client, jobs_ran):
        ScheduledJobRun.objects.filter(name="send_reminders").delete()

        response = client.get(HEALTH)

        assert response.status_code == 503
        assert read(response)["checks"]["scheduled_jobs"]["send_reminders_last_success"] is None


class TestOutbox:
    def message(self, **fields):
        contact = Contact.objects.create(
            first_name="Amina", email="amina@example.org", phone="+447700900111", consent_at=timezone.now()
        )
        return OutboundMessage.objects.create(
            **{"channel": "email", "kind": "reminder", "recipient": contact, **fields}
        )

    def test_the_backlog_and_its_age_without_who_it_is_for(self, client, jobs_ran):
        message = self.message()
        OutboundMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))

        response = client.get(HEALTH)

        assert response.status_code == 200
        outbox = read(response)["checks"]["outbox"]
        assert outbox["waiting"] == 1 and outbox["due"] == 1
        assert 290 <= outbox["oldest_waiting_seconds"] <= 310
        text = response.content.decode()
        assert "Amina" not in text and "amina@example.org" not in text and "7700" not in text

    def test_a_message_due_for_over_half_an_hour_answers_503(self, client, jobs_ran):
        self.message(next_attempt_at=timezone.now() - dt.timedelta(minutes=45))

        response = client.get(HEALTH)

        assert response.status_code == 503
        assert read(response)["checks"]["outbox"]["ok"] is False

    def test_a_text_held_for_the_morning_is_not_a_fault(self, client, jobs_ran):
        self.message(channel="text", next_attempt_at=timezone.now() + dt.timedelta(hours=9))
        OutboundMessage.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))

        response = client.get(HEALTH)

        assert response.status_code == 200
        assert read(response)["checks"]["outbox"]["due"] == 0

    def test_messages_sent_long_ago_are_no_backlog(self, client, jobs_ran):
        self.message(status=MessageStatus.SENT, next_attempt_at=timezone.now() - dt.timedelta(days=3))

        assert client.get(HEALTH).status_code == 200


class TestTaskWorker:
    @pytest.fixture
    def database_tasks(self, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    def task_waiting(self, minutes, **fields):
        from django_tasks_db.models import DBTaskResult, get_date_max

        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="messaging.tasks.send_message",
            backend_name="default",
            run_after=fields.pop("run_after", get_date_max()),
            **fields,
        )
        DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=minutes))

    def test_a_task_taken_promptly_means_a_worker_is_running(self, client, jobs_ran, database_tasks):
        self.task_waiting(minutes=1)

        response = client.get(HEALTH)

        assert response.status_code == 200
        assert 50 <= read(response)["checks"]["task_worker"]["oldest_ready_task_seconds"] <= 70

    def test_a_task_left_waiting_means_the_worker_stopped(self, client, jobs_ran, database_tasks):
        self.task_waiting(minutes=20)

        response = client.get(HEALTH)

        assert response.status_code == 503
        assert read(response)["checks"]["task_worker"]["ok"] is False

    def test_a_task_for_later_is_not_waiting_yet(self, client, jobs_ran, database_tasks):
        self.task_waiting(minutes=60, run_after=timezone.now() + dt.timedelta(hours=1))

        response = client.get(HEALTH)

        assert response.status_code == 200
        assert read(response)["checks"]["task_worker"]["oldest_ready_task_seconds"] is None

    def test_a_delayed_task_waits_from_its_start_time(self, client, jobs_ran, database_tasks):
        self.task_waiting(minutes=60, run_after=timezone.now() - dt.timedelta(minutes=2))

        response = client.get(HEALTH)

        assert response.status_code == 200
        assert 110 <= read(response)["checks"]["task_worker"]["oldest_ready_task_seconds"] <= 130
