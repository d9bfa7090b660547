"""The kinds of message the booking domain sends through the outbox (messaging/): to families, and to leaders.

The outbox stores only the kind and what the message is about; events/emails.py and
events/texts.py render each kind when it is sent, as an email or a text.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from messaging.models import MessagePriority


class MessageKind(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", _("Booking confirmed")
    BOOKING_CHANGED = "booking_changed", _("Booking changed")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    RUN_CANCELLED = "run_cancelled", _("Several bookings cancelled")
    WAITING_JOINED = "waiting_joined", _("On the waiting list")
    WAITING_PROMOTED = "waiting_promoted", _("Place from the waiting list")
    SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
    SESSION_MOVED = "session_moved", _("Session moved")
    REMINDER = "reminder", _("Reminder")
    SESSION_NOTICE = "session_notice", _("Message from the group leader")


class LeaderMessageKind(models.TextChoices):
    """Emails to a group's leaders and coordinators who asked to hear of its bookings."""

    BOOKED = "leader_booked", _("Someone booked")
    CANCELLED = "leader_cancelled", _("Someone cancelled")
    WAITING_JOINED = "leader_waiting_joined", _("Someone joined the waiting list")
    WAITING_PROMOTED = "leader_waiting_promoted", _("Someone got a place from the waiting list")


class CheckInMessageKind(models.TextChoices):
    """An invitation to answer a few anonymous questions about a group (events/models/check_ins.py)."""

    FIRST = "check_in_first", _("Check-in after the first session")
    LATER = "check_in_later", _("Check-in some weeks later")


class TopicMessageKind(models.TextChoices):
    """A topic a family suggested or voted for became a workshop they can book (events/models/topics.py)."""

    WORKSHOP_READY = "topic_workshop", _("A topic you chose is now a workshop")


def family_message_label(kind: str) -> str:
    """What a message to a family was, as staff and the family's data export name it."""
    for kinds in (MessageKind, CheckInMessageKind, TopicMessageKind):
        if kind in kinds.values:
            return str(kinds(kind).label)
    return kind.replace("_", " ").capitalize()


# How soon a text of each kind must go (emails always go at once). Urgent ones go even
# past the daily text limit; a reminder waits for the daytime.
TEXT_PRIORITY = {
    MessageKind.SESSION_CANCELLED: MessagePriority.URGENT,
    MessageKind.SESSION_MOVED: MessagePriority.URGENT,
    MessageKind.WAITING_PROMOTED: MessagePriority.URGENT,
    # A leader's message is about today ("the hall is cold, bring a jumper").
    MessageKind.SESSION_NOTICE: MessagePriority.URGENT,
    MessageKind.REMINDER: MessagePriority.ROUTINE,
    TopicMessageKind.WORKSHOP_READY: MessagePriority.ROUTINE,
    CheckInMessageKind.FIRST: MessagePriority.ROUTINE,
    CheckInMessageKind.LATER: MessagePriority.ROUTINE,
}
