import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from home.scheduled_jobs import scheduled_job_succeeded
from support.scheduled_jobs import SEND_SUPPORT_REMINDERS
from support.services import support_reminders_queue


class Command(BaseCommand):
    help = (
        "Remind each family of their one-to-one session tomorrow, by the channels they chose. "
        "Each session is reminded of once, so running it again is safe. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this day, as YYYY-MM-DD.")

    def handle(self, *args, today=None, **options):
        try:
            today = dt.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("Give --today as YYYY-MM-DD, for example 2027-01-05.") from error
        queued = support_reminders_queue(today=today)
        if today is None:
            # A run acting as another day is a test or a catch-up, not the scheduled run.
            scheduled_job_succeeded(SEND_SUPPORT_REMINDERS)
        self.stdout.write(f"Queued reminders for {queued} one-to-one sessions.")
