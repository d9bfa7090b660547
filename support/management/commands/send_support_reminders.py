from home.scheduled_jobs import DailyJobCommand
from support.scheduled_jobs import SEND_SUPPORT_REMINDERS
from support.services import support_reminders_queue


class Command(DailyJobCommand):
    help = (
        "Remind each family of their one-to-one session tomorrow, by the channels they chose. "
        "Each session is reminded of once, so running it again is safe. Run it daily."
    )
    job = SEND_SUPPORT_REMINDERS

    def run(self, day):
        return support_reminders_queue(today=day)

    def done(self, queued):
        return f"Queued reminders for {queued} one-to-one sessions."
