"""What each email to a family says, written when the outbox sends it.

The outbox (messaging/) stores only which contact a message goes to and which
booking, waiting-list entry, session or leader's message to a session it is about;
the renderers here read those rows when the message is due, so it says what is true
at that moment, or tell the outbox it is no longer needed. `renderers_register` runs
when the app is ready.

Each email is written in the family's language (events/language.py): the
subject, the text, the dates and the attached calendar file alike.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, pgettext
from wagtail.models import Page, Site

from events.language import manage_path, recipient_language
from events.models.bookings import LIVE_BOOKING_STATUSES, BookingStatus
from events.models.messages import MessageKind
from events.models.schedules import SessionStatus
from events.services.privacy import email_proof
from home.localization import title_in_language
from home.models import SiteSettings
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, html_from_text
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from web.languages import html_lang

from . import ical
from .models import Booking, Contact, Session, SessionNotice, WaitingEntry

# Email subjects; %(title)s is the group or workshop, %(day)s the session's day ("Tuesday 3 March").
SUBJECTS = {
    MessageKind.BOOKING_CONFIRMED: gettext_lazy("You are booked: %(title)s"),
    MessageKind.BOOKING_CHANGED: gettext_lazy("Your booking has changed: %(title)s"),
    MessageKind.BOOKING_CANCELLED: gettext_lazy("Your booking is cancelled: %(title)s"),
    MessageKind.WAITING_JOINED: gettext_lazy("You are on the waiting list: %(title)s"),
    MessageKind.WAITING_PROMOTED: gettext_lazy("Good news, you have a place: %(title)s"),
    MessageKind.SESSION_CANCELLED: gettext_lazy("Cancelled: %(title)s on %(day)s"),
    MessageKind.SESSION_MOVED: gettext_lazy("Changed: %(title)s has moved"),
    MessageKind.REMINDER: gettext_lazy("See you tomorrow: %(title)s"),
    MessageKind.SESSION_NOTICE: gettext_lazy("A message about %(title)s on %(day)s"),
}
# Messages that carry the session(s) as an .ics file for the family's calendar.
WITH_CALENDAR = {MessageKind.BOOKING_CONFIRMED, MessageKind.WAITING_PROMOTED, MessageKind.SESSION_MOVED}
# What a message can be about, each read with the rows its email shows.
ABOUT = {
    Booking: Booking.objects.select_related("session__page", "session__venue", "session__moved_from_venue"),
    WaitingEntry: WaitingEntry.objects.select_related("session__page", "session__venue", "session__moved_from_venue"),
    Session: Session.objects.select_related("page", "venue", "moved_from_venue"),
    SessionNotice: SessionNotice.objects.select_related("session__page", "session__venue"),
}


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _site_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def _page_url(page) -> str:
    return page.get_full_url() or settings.BASE_URL


def message_about(message: OutboundMessage) -> Booking | WaitingEntry | Session | SessionNotice | None:
    if message.about_type_id is None:
        return None
    model = ContentType.objects.get_for_id(message.about_type_id).model_class()
    return ABOUT[model].filter(pk=message.about_id).first() if model in ABOUT else None


def notice_booking(notice: SessionNotice, contact: Contact) -> Booking | None:
    """The family's booking on the session a leader's message is about: the live one, else the latest."""
    bookings = list(Booking.objects.filter(session_id=notice.session_id, contact=contact).order_by("-created_at"))
    live = [each for each in bookings if each.status != BookingStatus.CANCELLED]
    return (live or bookings or [None])[0]


def confirmation_bookings(kind: str, contact: Contact, booking: Booking | None) -> list[Booking]:
    """For a confirmation: every live booking made with this contact (one, or a whole run)."""
    if kind != MessageKind.BOOKING_CONFIRMED:
        return [booking] if booking else []
    return list(
        Booking.objects.filter(contact=contact, status__in=LIVE_BOOKING_STATUSES)
        .select_related("session__page", "session__venue")
        .order_by("session__start")
    )


def not_needed_reason(kind: str, booking, session, bookings: list[Booking], now: dt.datetime) -> str:
    """Why this email should not go out any more, or ""."""
    if kind == MessageKind.BOOKING_CONFIRMED:
        if not bookings:
            return "the family cancelled before the email went"
        # A run of sessions: worth sending while any of them is still to come.
        return "" if any(b.session.start > now for b in bookings) else "every session booked has started"
    if kind == MessageKind.SESSION_NOTICE:
        # A leader may write while the session is on ("we are in the small hall today").
        if session.end <= now:
            return "the session is over"
    elif session is not None and session.start <= now and kind != MessageKind.BOOKING_CANCELLED:
        return "the session has already started"
    needs_booking = kind in {
        MessageKind.REMINDER,
        MessageKind.WAITING_PROMOTED,
        MessageKind.BOOKING_CHANGED,
        MessageKind.SESSION_NOTICE,
    }
    if needs_booking and (booking is None or booking.status == BookingStatus.CANCELLED):
        return "the booking was cancelled"
    if kind in {MessageKind.REMINDER, MessageKind.SESSION_NOTICE} and session.status == SessionStatus.CANCELLED:
        return "the session was cancelled"
    return ""


def _links(context: dict) -> dict[str, str]:
    """The addresses this site writes into a message, each with where its link goes."""
    links = {url: url for url in (context["manage_url"], context["session_url"]) if url}
    contact_email = getattr(context["site_settings"], "contact_email", "")
    if contact_email:
        links[contact_email] = f"mailto:{contact_email}"
    return links


def email_render(message: OutboundMessage) -> Email | NotNeeded:
    """The email `message` stands for, as it should read now, or why it is no longer needed."""
    contact = Contact.objects.filter(pk=message.recipient_id).first()
    if contact is None or not contact.email:
        return NotNeeded("the family's details were removed")
    about = message_about(message)
    if about is None and message.about_id is not None:
        # Sessions no longer in a schedule are deleted with their waiting lists.
        return NotNeeded("the session it was about was removed")
    notice = about if isinstance(about, SessionNotice) else None
    booking = notice_booking(notice, contact) if notice else about if isinstance(about, Booking) else None
    waiting_entry = about if isinstance(about, WaitingEntry) else None
    session = about if isinstance(about, Session) else getattr(about, "session", None)
    bookings = confirmation_bookings(message.kind, contact, booking)
    if message.kind == MessageKind.SESSION_NOTICE and notice is None:
        return NotNeeded("the leader's message was removed")
    reason = not_needed_reason(message.kind, booking, session, bookings, timezone.now())
    if reason:
        return NotNeeded(reason)
    session = session or (bookings[0].session if bookings else None)
    language = recipient_language(booking, waiting_entry, bookings[0] if bookings else None, contact)
    with translation.override(language):
        return _email_write(
            kind=message.kind,
            contact=contact,
            booking=booking,
            bookings=bookings,
            session=session,
            waiting_entry=waiting_entry,
            notice=notice,
        )


def session_title_load(session: Session | None) -> None:
    """Give `session` the group's name in the active language (one query, non-English only)."""
    if session is not None and (title := title_in_language("translation_key")) is not None:
        session.title_in_language = Page.objects.filter(pk=session.page_id).values_list(title, flat=True).first()


def _email_write(
    *, kind: str, contact: Contact, booking, bookings: list[Booking], session, waiting_entry, notice=None
) -> Email:
    """The email itself, in the active language; a leader's message (`notice`) goes in as they wrote it."""
    language = translation.get_language()
    session_title_load(session)
    context = {
        "contact": contact,
        "booking": booking,
        "bookings": bookings,
        "session": session,
        "waiting_entry": waiting_entry,
        "notice": notice,
        "manage_url": _absolute(manage_path(contact)) + "?" + urlencode({"proof": email_proof(contact)}),
        "session_url": _absolute(reverse("events:session_detail", args=[session.pk])) if session else "",
        "site_settings": _site_settings(),
        "html_lang": html_lang(language),
        "html_rtl": translation.get_language_bidi(),
    }
    # A line break in a header would start a header of its own, and Django refuses to send it.
    # Translators: the subject of an email about a family's bookings, when no session is named.
    title = text_clean(session.page.title) if session else pgettext("email subject", "your booking")
    day = date_format(timezone.localtime(session.start), "l j E") if session else ""
    text = render_to_string(f"emails/{kind}.txt", context)
    attachments = []
    if kind in WITH_CALENDAR:
        sessions = [each.session for each in bookings] or ([session] if session else [])
        # The family has a place in each, unless it is a move told to a family still waiting.
        booked = kind != MessageKind.SESSION_MOVED or booking is not None
        calendar = ical.sessions_calendar(sessions=sessions, name=title, page_url=_page_url, booked=booked)
        attachments.append(("session.ics", calendar.to_ical(), "text/calendar; charset=utf-8; method=PUBLISH"))
    return Email(
        to=[contact.email],
        subject=SUBJECTS[kind] % {"title": title, "day": day},
        text=text,
        # The same words as HTML, so that links can be tapped in every mail app.
        html=render_to_string(
            "emails/base.html", {**context, "body_html": html_from_text(text, links=_links(context))}
        ),
        attachments=attachments,
    )


def renderers_register() -> None:
    for kind in MessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=email_render)


__all__ = [
    "WITH_CALENDAR",
    "confirmation_bookings",
    "email_render",
    "message_about",
    "not_needed_reason",
    "notice_booking",
    "renderers_register",
    "session_title_load",
]
