from django.core.management.base import BaseCommand

from messaging.channels.email import EMAIL
from messaging.sending import pending_messages_send


class Command(BaseCommand):
    help = (
        "Send the emails that could not be sent before (for example while the mail server was down). "
        "Each is retried with a growing pause. Run it every few minutes."
    )

    def handle(self, *args, **options):
        counts = pending_messages_send(channel=EMAIL)
        if not counts:
            self.stdout.write("No emails were due.")
            return
        self.stdout.write(", ".join(f"{count} {status}" for status, count in sorted(counts.items())) + ".")
