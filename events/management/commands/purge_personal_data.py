from django.conf import settings
from django.core.management.base import BaseCommand

from events.scheduled_jobs import PURGE_PERSONAL_DATA
from events.selectors.privacy import contacts_due_for_purge
from events.services.privacy import personal_data_purge
from home.scheduled_jobs import scheduled_job_succeeded


class Command(BaseCommand):
    help = (
        "Remove families' personal details once their last session ended more than "
        "GATHER_PERSONAL_DATA_RETENTION_DAYS ago, keeping anonymous counts. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many families would be affected and change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.GATHER_PERSONAL_DATA_RETENTION_DAYS
        if dry_run:
            due = contacts_due_for_purge().count()
            self.stdout.write(f"{due} families' details are older than {days} days after their last session.")
            return
        counts = personal_data_purge()
        scheduled_job_succeeded(PURGE_PERSONAL_DATA)
        self.stdout.write(
            f"Removed the details of {counts['contacts']} families ({days} days after their last session); "
            f"kept {counts['bookings']} bookings and {counts['waiting_entries']} waiting-list places as "
            f"anonymous counts; cleared notes on {counts['old_notes']} older bookings and waiting-list places."
        )
