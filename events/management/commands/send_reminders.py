from events.scheduled_jobs import SEND_REMINDERS
from events.services_notify import reminders_queue
from home.scheduled_jobs import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "Email a reminder to every family booked on a session tomorrow. Each booking gets one "
        "reminder at most, so running it again (or twice a day) is safe. Run it daily, e.g. at 10:00."
    )
    # Only the scheduled run (tomorrow's sessions) counts; a catch-up for one day does not.
    job = SEND_REMINDERS
    day_option = "day"
    day_help = "The day of the sessions, as YYYY-MM-DD (default: tomorrow)."

    def run(self, day):
        return reminders_queue(day=day)

    def done(self, queued):
        return f"Queued {queued} reminders."
