from .bookings import LIVE_BOOKING_STATUSES, Booking, BookingStatus, WaitingEntry, WaitingStatus
from .check_ins import CheckInAnswer, CheckInInvitation, CheckInKind
from .contacts import Contact, new_token
from .erasures import ErasureRecord
from .grants import Grant
from .leaders import LeaderPreferences
from .messages import LeaderMessageKind, MessageKind
from .notices import SessionNotice
from .pages import AreaIndexPage, AreaPage, GroupNewsPage, GroupPage, WorkshopIndexPage, WorkshopPage
from .schedules import BookingMode, Schedule, Session, SessionStatus
from .topics import SuggestionStatus, TopicSuggestion, TopicVote
from .venues import Venue, VenueTranslation

__all__ = [
    "LIVE_BOOKING_STATUSES",
    "AreaIndexPage",
    "AreaPage",
    "Booking",
    "CheckInAnswer",
    "CheckInInvitation",
    "CheckInKind",
    "BookingMode",
    "BookingStatus",
    "Contact",
    "ErasureRecord",
    "MessageKind",
    "Grant",
    "GroupNewsPage",
    "GroupPage",
    "LeaderMessageKind",
    "LeaderPreferences",
    "Schedule",
    "Session",
    "SessionNotice",
    "SessionStatus",
    "SuggestionStatus",
    "TopicSuggestion",
    "TopicVote",
    "Venue",
    "VenueTranslation",
    "WaitingEntry",
    "WaitingStatus",
    "WorkshopIndexPage",
    "WorkshopPage",
    "new_token",
]
