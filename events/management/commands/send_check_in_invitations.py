from events.scheduled_jobs import SEND_CHECK_IN_INVITATIONS
from events.services.check_ins import check_in_invitations_queue
from home.scheduled_jobs import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "Invite families to an anonymous check-in the day after their first attended session at a group, "
        "and again the weeks later each group chose (CHECK_IN_LATER_WEEKS where it chose none, never where it "
        "chose 0); cut the links of invitations already sent and drop expired ones. "
        "Each family is invited once of each kind per group, so running it again is safe. Run it daily."
    )
    job = SEND_CHECK_IN_INVITATIONS

    def run(self, day):
        return check_in_invitations_queue(today=day)

    def done(self, queued):
        return f"Queued {queued} check-in invitations."
