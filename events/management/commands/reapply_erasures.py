from django.core.management.base import BaseCommand

from events.selectors.privacy import contacts_erased_on_record
from events.services.erasures import erasure_digests_known
from events.services.privacy import erasures_reapply


class Command(BaseCommand):
    help = (
        "After restoring a backup of the database, erase again every family that asked to be erased "
        "since it was taken (the record of erasures is also kept in the uploads storage, which the "
        "restore did not roll back). Safe to run at any time: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many families would be erased again and change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = contacts_erased_on_record(digests=erasure_digests_known()).count()
            self.stdout.write(f"{due} families erased on request are back and would be erased again.")
            return
        counts = erasures_reapply()
        self.stdout.write(
            f"Erased again {counts['contacts']} families that had been erased on request "
            f"({counts['records']} erasures on record)."
        )
