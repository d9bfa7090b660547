from django.core.management.base import BaseCommand

from events.scheduled_jobs import SYNC_SESSIONS
from events.services.sessions import all_sessions_sync
from home.scheduled_jobs import scheduled_job_succeeded


class Command(BaseCommand):
    help = (
        "Bring every published group's and workshop's sessions in step with its schedules, up to "
        "GATHER_SESSION_HORIZON_DAYS ahead. Safe to run again; run it daily so the horizon rolls forward."
    )

    def handle(self, *args, **options):
        totals = all_sessions_sync()
        scheduled_job_succeeded(SYNC_SESSIONS)
        self.stdout.write(
            f"Checked {totals['pages']} groups and workshops: {totals['added']} sessions added, "
            f"{totals['updated']} updated, {totals['removed']} removed, {totals['cancelled']} cancelled."
        )
