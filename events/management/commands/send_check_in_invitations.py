import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from events.scheduled_jobs import SEND_CHECK_IN_INVITATIONS
from events.services.check_ins import check_in_invitations_queue
from home.scheduled_jobs import scheduled_job_succeeded


class Command(BaseCommand):
    help = (
        "Invite families to an anonymous check-in the day after their first attended session at a group, "
        "and again the weeks later each group chose (CHECK_IN_LATER_WEEKS where it chose none, never where it "
        "chose 0); cut the links of invitations already sent and drop expired ones. "
        "Each family is invited once of each kind per group, so running it again is safe. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this day, as YYYY-MM-DD.")

    def handle(self, *args, today=None, **options):
        try:
            today = dt.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("Give --today as YYYY-MM-DD, for example 2027-01-05.") from error
        queued = check_in_invitations_queue(today=today)
        if today is None:
            # A run acting as another day is a test or a catch-up, not the scheduled run.
            scheduled_job_succeeded(SEND_CHECK_IN_INVITATIONS)
        self.stdout.write(f"Queued {queued} check-in invitations.")
