from .bookings import LIVE_BOOKING_STATUSES, Booking, BookingStatus, WaitingEntry, WaitingStatus
from .contacts import Contact, new_token
from .outbox import EmailKind, EmailStatus, OutboundEmail
from .pages import AreaIndexPage, AreaPage, GroupNewsPage, GroupPage, WorkshopIndexPage, WorkshopPage
from .schedules import BookingMode, Schedule, Session, SessionStatus
from .venues import Venue

__all__ = [
    "LIVE_BOOKING_STATUSES",
    "AreaIndexPage",
    "AreaPage",
    "Booking",
    "BookingMode",
    "BookingStatus",
    "Contact",
    "EmailKind",
    "EmailStatus",
    "GroupNewsPage",
    "GroupPage",
    "OutboundEmail",
    "Schedule",
    "Session",
    "SessionStatus",
    "Venue",
    "WaitingEntry",
    "WaitingStatus",
    "WorkshopIndexPage",
    "WorkshopPage",
    "new_token",
]
