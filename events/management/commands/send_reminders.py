import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from events.scheduled_jobs import SEND_REMINDERS
from events.services_notify import reminders_queue
from home.scheduled_jobs import scheduled_job_succeeded


class Command(BaseCommand):
    help = (
        "Email a reminder to every family booked on a session tomorrow. Each booking gets one "
        "reminder at most, so running it again (or twice a day) is safe. Run it daily, e.g. at 10:00."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day of the sessions, as YYYY-MM-DD (default: tomorrow).")

    def handle(self, *args, day=None, **options):
        try:
            day = dt.date.fromisoformat(day) if day else None
        except ValueError as error:
            raise CommandError("Give --day as YYYY-MM-DD, for example 2027-01-05.") from error
        queued = reminders_queue(day=day)
        if day is None:
            # Only the scheduled run (tomorrow's sessions) counts; a catch-up for one day does not.
            scheduled_job_succeeded(SEND_REMINDERS)
        self.stdout.write(f"Queued {queued} reminders.")
