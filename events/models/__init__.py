from .booking import Booking, Contact, OutboundEmail, Schedule, Session, WaitingEntry
from .pages import AreaIndexPage, AreaPage, GroupNewsPage, GroupPage, Venue, WorkshopIndexPage, WorkshopPage

__all__ = [
    "AreaIndexPage",
    "AreaPage",
    "Booking",
    "Contact",
    "GroupNewsPage",
    "GroupPage",
    "OutboundEmail",
    "Schedule",
    "Session",
    "Venue",
    "WaitingEntry",
    "WorkshopIndexPage",
    "WorkshopPage",
]
