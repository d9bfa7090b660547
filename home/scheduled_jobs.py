"""Periodic jobs that cannot silently stop.

Periodic work runs as management commands from the platform's scheduler (cron, a systemd
timer). Each app names its commands with `scheduled_job_register()` from its
AppConfig.ready(): how often it runs, and in plain words what goes undone when it stops.
A command calls `scheduled_job_succeeded()` once its work is done; a command that fails
records nothing. The staff dashboard and /health/ read `scheduled_jobs_status()` and warn
about every job whose last success is older than its interval and a margin.

It lives in the shared base because every app with a periodic job records its runs here,
and the app that reports them (web) may not import those apps.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import formats, timezone
from django.utils.functional import Promise

from .models import ScheduledJobRun

# A daily job counts as late a day after its last success, plus three hours: for a run
# that starts late or takes long, and for the night the clocks go back.
DAILY = dt.timedelta(days=1)
DAILY_MARGIN = dt.timedelta(hours=3)


@dataclass(frozen=True)
class ScheduledJob:
    # The management command, e.g. "sync_sessions".
    name: str
    # How often the scheduler should run it, and how long after its last success it is late.
    every: dt.timedelta
    late_after: dt.timedelta
    # What goes undone while it does not run, with "%(since)s": "Sessions not rolled forward since %(since)s".
    late_message: Promise


@dataclass(frozen=True)
class ScheduledJobStatus:
    job: ScheduledJob
    last_success_at: dt.datetime | None
    # The last success, or when Gather began expecting the job if it never succeeded.
    since: dt.datetime | None
    late: bool

    @property
    def warning(self) -> str:
        """The late message, with the date in the active language ("since 27 November 2026, 02:00")."""
        since = "-" if self.since is None else formats.date_format(timezone.localtime(self.since), "DATETIME_FORMAT")
        return self.job.late_message % {"since": since}


_jobs: dict[str, ScheduledJob] = {}


def scheduled_job_register(
    name: str, *, every: dt.timedelta, late_message: Promise, late_after: dt.timedelta | None = None
) -> ScheduledJob:
    """Name a periodic command; `late_after` defaults to a day and a margin for daily jobs."""
    if late_after is None:
        late_after = every + DAILY_MARGIN
    job = ScheduledJob(name=name, every=every, late_after=late_after, late_message=late_message)
    _jobs[name] = job
    return job


def scheduled_jobs() -> list[ScheduledJob]:
    return list(_jobs.values())


def scheduled_jobs_watch(**kwargs) -> None:
    """Start expecting every registered job that has no row yet (connected to post_migrate).

    Every deployment runs `migrate`, so a job added to the code is watched from the
    deployment that brings it, and a new site does not warn before its jobs had a chance to run.
    """
    using = kwargs.get("using", DEFAULT_DB_ALIAS)
    if ScheduledJobRun._meta.db_table not in connections[using].introspection.table_names():
        return
    ScheduledJobRun.objects.using(using).bulk_create(
        [ScheduledJobRun(name=name) for name in _jobs], ignore_conflicts=True
    )


def scheduled_job_succeeded(name: str) -> None:
    """Record that the job `name` has just finished its work."""
    if name not in _jobs:
        raise LookupError(f"No scheduled job is registered as {name!r}.")
    ScheduledJobRun.objects.update_or_create(name=name, defaults={"last_success_at": timezone.now()})


def scheduled_jobs_status(now: dt.datetime | None = None) -> list[ScheduledJobStatus]:
    """Every registered job with its last success and whether it is late (one query).

    A job with no row at all (its deployment has not run `migrate` yet) is late: nothing
    shows that it ever ran.
    """
    now = now or timezone.now()
    runs = {run.name: run for run in ScheduledJobRun.objects.filter(name__in=list(_jobs))}
    statuses = []
    for job in _jobs.values():
        run = runs.get(job.name)
        last_success_at = run.last_success_at if run else None
        since = last_success_at or (run.watched_since if run else None)
        late = since is None or now - since > job.late_after
        statuses.append(ScheduledJobStatus(job=job, last_success_at=last_success_at, since=since, late=late))
    return statuses


def scheduled_jobs_late(now: dt.datetime | None = None) -> list[ScheduledJobStatus]:
    return [status for status in scheduled_jobs_status(now) if status.late]


class DailyJobCommand(BaseCommand):
    """A daily job's management command that can also act as if on another day.

    A run for another day (a test, or a catch-up after an outage) is not the scheduled
    run, so only a run for the real day records a success. Subclasses name their `job`,
    the option (`day_option`, e.g. "today" or "day") and its help, do the work in
    `run(day)` and say what they did in `done(result)`.
    """

    job: ScheduledJob
    day_option = "today"
    day_help = "Act as if today were this day, as YYYY-MM-DD."

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.day_option}", dest="day", help=self.day_help)

    def handle(self, *args, day=None, **options):
        try:
            day = dt.date.fromisoformat(day) if day else None
        except ValueError as error:
            raise CommandError(f"Give --{self.day_option} as YYYY-MM-DD, for example 2027-01-05.") from error
        result = self.run(day)
        if day is None:
            scheduled_job_succeeded(self.job)
        self.stdout.write(self.done(result))

    def run(self, day: dt.date | None):
        raise NotImplementedError

    def done(self, result) -> str:
        raise NotImplementedError
