"""The kinds of message the booking domain sends a family through the outbox (messaging/).

The outbox stores only the kind and what the message is about; events/emails.py renders
each kind when it is sent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", _("Booking confirmed")
    BOOKING_CHANGED = "booking_changed", _("Booking changed")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    WAITING_JOINED = "waiting_joined", _("On the waiting list")
    WAITING_PROMOTED = "waiting_promoted", _("Place from the waiting list")
    SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
    SESSION_MOVED = "session_moved", _("Session moved")
    REMINDER = "reminder", _("Reminder")
