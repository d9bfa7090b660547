"""/health/: whether the site works, for an uptime monitor.

Reports the database, the cache, the storage of uploaded files, the background task
worker, what each app adds (the outbox: home/health.py) and the scheduled jobs
(home/scheduled_jobs.py). 200 with short JSON (or plain text: `?format=text` or
`Accept: text/plain`) when all is well, 503 when anything is not.

A small view of our own rather than django-health-check (4.8.0, which supports Django
6.1): its view answers 500 rather than the 503 monitors and load balancers expect, runs
synchronous checks in threads that each open a database connection of their own, names
each check by its Python repr with the error's own text, and its HTML page carries an
inline stylesheet the Content Security Policy refuses. Here a check gives plain figures
and "ok"; what went wrong goes to the log only, since the address is public and an
error's text can hold a host name, a query or a family's details.

Never cached (a monitor must see now, not five minutes ago), it reads no session and
sets no cookie, and no rate limit applies to it.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from home.health import HealthReport, health_checks, seconds_since
from home.scheduled_jobs import scheduled_jobs_status

logger = logging.getLogger(__name__)

# A task the database worker has not started after this long means the worker stopped.
TASK_WAITING_TOO_LONG = dt.timedelta(minutes=10)
_DATABASE_TASK_BACKEND = "django_tasks_db.DatabaseBackend"
_PROBE_CONTENT = b"gather health check\n"


def database_health() -> HealthReport:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return HealthReport(ok=cursor.fetchone() == (1,))


def cache_health() -> HealthReport:
    """Writes and reads back a key: the Redis backend ignores an outage and simply misses."""
    key, value = f"health-check:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    ok = cache.get(key) == value
    cache.delete(key)
    return HealthReport(ok=ok)


def storage_health() -> HealthReport:
    """Writes, reads back and deletes a tiny file where uploaded images and documents go."""
    name = default_storage.save(f"health-check/{uuid.uuid4().hex}.txt", ContentFile(_PROBE_CONTENT))
    try:
        with default_storage.open(name) as probe:
            ok = probe.read() == _PROBE_CONTENT
    finally:
        default_storage.delete(name)
    return HealthReport(ok=ok and not default_storage.exists(name))


def task_worker_health() -> HealthReport:
    """How long the oldest task ready to run has waited: the worker's heartbeat.

    The database worker takes a ready task within a second or two, so one left waiting
    means no worker is running. Tasks that run at once (TASK_BACKEND=immediate) need none.
    """
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != _DATABASE_TASK_BACKEND:
        return HealthReport(ok=True, figures={"worker": "not used"})
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    # A task without a start time waits from when it was queued, a delayed one from its start time.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=Greatest(F("run_after"), F("enqueued_at"))
    )
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(waiting_since))["oldest"]
    waited = seconds_since(oldest, now)
    return HealthReport(
        ok=waited is None or waited <= TASK_WAITING_TOO_LONG.total_seconds(),
        figures={"oldest_ready_task_seconds": waited},
    )


def scheduled_jobs_health() -> HealthReport:
    statuses = scheduled_jobs_status()
    figures = {}
    # The same words in every answer, whatever language the monitor's requests ask for.
    with translation.override(settings.LANGUAGE_CODE):
        for status in statuses:
            figures[status.job.name] = status.warning if status.late else "ok"
            figures[f"{status.job.name}_last_success"] = (
                status.last_success_at.isoformat() if status.last_success_at else None
            )
    return HealthReport(ok=not any(status.late for status in statuses), figures=figures)


def _run(name: str, check: Callable[[], HealthReport]) -> HealthReport:
    try:
        return check()
    except Exception:  # noqa: BLE001 - a failing service is what this page reports
        logger.warning("Health check %s failed", name, exc_info=True)
        return HealthReport(ok=False)


def health_reports() -> dict[str, HealthReport]:
    """Every check's report, in a fixed order; those needing the database are skipped while it is down."""
    reports = {"database": _run("database", database_health)}
    database_ok = reports["database"].ok
    reports["cache"] = _run("cache", cache_health)
    reports["storage"] = _run("storage", storage_health)
    others = [
        ("task_worker", task_worker_health),
        *((each.name, each.check) for each in health_checks()),
        ("scheduled_jobs", scheduled_jobs_health),
    ]
    for name, check in others:
        reports[name] = _run(name, check) if database_ok else HealthReport(ok=False, figures={"skipped": "database"})
    return reports


def _as_text(healthy: bool, reports: dict[str, HealthReport]) -> str:
    lines = ["ok" if healthy else "unhealthy"]
    for name, report in reports.items():
        figures = ", ".join(f"{key}={'-' if value is None else value}" for key, value in report.figures.items())
        lines.append(f"{name}: {'ok' if report.ok else 'failing'}" + (f" ({figures})" if figures else ""))
    return "\n".join(lines) + "\n"


@require_safe
@never_cache
def health(request):
    reports = health_reports()
    healthy = all(report.ok for report in reports.values())
    status = 200 if healthy else 503
    wanted = request.GET.get("format") or request.get_preferred_type(["application/json", "text/plain"])
    if wanted in ("text", "text/plain"):
        response = HttpResponse(_as_text(healthy, reports), status=status, content_type="text/plain; charset=utf-8")
    else:
        body = {
            "status": "ok" if healthy else "unhealthy",
            "checks": {name: {"ok": report.ok, **report.figures} for name, report in reports.items()},
        }
        response = JsonResponse(body, status=status)
    # Django logs every 5xx answer as an error, which would mail the admins (or reach the
    # error tracker) once for each poll of a monitor while something is down. Each failing
    # check was logged above as a warning; the monitor is the one to raise the alarm.
    response._has_been_logged = True
    return response
