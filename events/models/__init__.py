from .booking import Booking, Contact, Schedule, Session, WaitingEntry
from .pages import AreaIndexPage, AreaPage, GroupNewsPage, GroupPage, Venue, WorkshopIndexPage, WorkshopPage

__all__ = [
    "AreaIndexPage",
    "AreaPage",
    "Booking",
    "Contact",
    "GroupNewsPage",
    "GroupPage",
    "Schedule",
    "Session",
    "Venue",
    "WaitingEntry",
    "WorkshopIndexPage",
    "WorkshopPage",
]
