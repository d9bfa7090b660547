"""The kinds of message the booking domain sends a family through the outbox (messaging/).

The outbox stores only the kind and what the message is about; events/emails.py renders
each kind when it is sent.
"""

from django.db import models


class EmailKind(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", "Booking confirmed"
    BOOKING_CHANGED = "booking_changed", "Booking changed"
    BOOKING_CANCELLED = "booking_cancelled", "Booking cancelled"
    WAITING_JOINED = "waiting_joined", "On the waiting list"
    WAITING_PROMOTED = "waiting_promoted", "Place from the waiting list"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    SESSION_MOVED = "session_moved", "Session moved"
    REMINDER = "reminder", "Reminder"
