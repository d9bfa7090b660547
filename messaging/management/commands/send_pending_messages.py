from django.core.management.base import BaseCommand

from home.scheduled_jobs import scheduled_job_succeeded
from messaging.channels import CHANNELS
from messaging.scheduled_jobs import SEND_PENDING_MESSAGES
from messaging.sending import pending_messages_send


class Command(BaseCommand):
    help = (
        "Send the emails and texts that are due: those that could not be sent before (for example "
        "while the mail server or the text provider was down) and texts that waited for the morning. "
        "Each failure is retried with a growing pause. Run it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--channel", choices=sorted(CHANNELS), help="Only this channel.")

    def handle(self, *args, channel=None, **options):
        counts = pending_messages_send(channel=channel)
        if channel is None:
            # A run for one channel leaves the other's messages waiting: not the scheduled run.
            scheduled_job_succeeded(SEND_PENDING_MESSAGES)
        if not counts:
            self.stdout.write("No messages were due.")
            return
        self.stdout.write(", ".join(f"{count} {status}" for status, count in sorted(counts.items())) + ".")
