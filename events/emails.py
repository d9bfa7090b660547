"""Render and send the emails waiting in the outbox (OutboundEmail rows).

Each message is rendered when it is sent, from the booking, session and contact it
points at, so it says what is true at that moment. A send that fails is tried again
later with a growing pause; nothing here ever changes a booking.
"""

import datetime as dt
import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, linebreaks
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from events.models.bookings import LIVE_BOOKING_STATUSES, BookingStatus
from events.models.outbox import EmailKind, EmailStatus
from events.models.schedules import SessionStatus
from events.services.privacy import email_proof
from home.text import text_clean

from . import ical
from .models import Booking, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# How long a worker holds an email it is sending before another may try it.
CLAIM_SECONDS = 300
RETRY_BASE_SECONDS = 120
RETRY_MAX_SECONDS = 6 * 60 * 60

SUBJECTS = {
    EmailKind.BOOKING_CONFIRMED: "You are booked: {title}",
    EmailKind.BOOKING_CHANGED: "Your booking has changed: {title}",
    EmailKind.BOOKING_CANCELLED: "Your booking is cancelled: {title}",
    EmailKind.WAITING_JOINED: "You are on the waiting list: {title}",
    EmailKind.WAITING_PROMOTED: "Good news, you have a place: {title}",
    EmailKind.SESSION_CANCELLED: "Cancelled: {title} on {day}",
    EmailKind.SESSION_MOVED: "Changed: {title} has moved",
    EmailKind.REMINDER: "See you tomorrow: {title}",
}
# Messages that carry the session(s) as an .ics file for the family's calendar.
WITH_CALENDAR = {EmailKind.BOOKING_CONFIRMED, EmailKind.WAITING_PROMOTED, EmailKind.SESSION_MOVED}


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _site_settings():
    from home.models import SiteSettings  # noqa: PLC0415 (home imports events pages)

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _no_longer_needed(email: OutboundEmail, bookings: list[Booking], now: dt.datetime) -> str:
    """Why this email should not go out any more, or ""."""
    session = email.session
    if email.kind == EmailKind.BOOKING_CONFIRMED:
        if not bookings:
            return "the family cancelled before the email went"
        # A run of sessions: worth sending while any of them is still to come.
        return "" if any(b.session.start > now for b in bookings) else "every session booked has started"
    if session is not None and session.start <= now and email.kind != EmailKind.BOOKING_CANCELLED:
        return "the session has already started"
    needs_booking = email.kind in {EmailKind.REMINDER, EmailKind.WAITING_PROMOTED, EmailKind.BOOKING_CHANGED}
    if needs_booking and (email.booking is None or email.booking.status == BookingStatus.CANCELLED):
        return "the booking was cancelled"
    if email.kind == EmailKind.REMINDER and session.status == SessionStatus.CANCELLED:
        return "the session was cancelled"
    return ""


def _context(email: OutboundEmail, bookings: list[Booking]) -> dict:
    contact = email.contact
    session = email.session or (bookings[0].session if bookings else None)
    return {
        "email": email,
        "contact": contact,
        "booking": email.booking,
        "bookings": bookings,
        "session": session,
        "waiting_entry": email.waiting_entry,
        "manage_url": _absolute(reverse("events:booking_manage", args=[contact.manage_token]))
        + "?"
        + urlencode({"proof": email_proof(contact)}),
        "session_url": _absolute(reverse("events:session_detail", args=[session.pk])) if session else "",
        "site_settings": _site_settings(),
    }


def _live_bookings(email: OutboundEmail) -> list[Booking]:
    """For a confirmation: every live booking made with this contact (one, or a whole run)."""
    if email.kind != EmailKind.BOOKING_CONFIRMED:
        return [email.booking] if email.booking else []
    return list(
        Booking.objects.filter(contact=email.contact, status__in=LIVE_BOOKING_STATUSES)
        .select_related("session__page", "session__venue")
        .order_by("session__start")
    )


def _links(context: dict) -> dict[str, str]:
    """The addresses this site writes into a message, each with where its link goes."""
    links = {url: url for url in (context["manage_url"], context["session_url"]) if url}
    contact_email = getattr(context["site_settings"], "contact_email", "")
    if contact_email:
        links[contact_email] = f"mailto:{contact_email}"
    return links


def html_from_text(text: str, *, links: dict[str, str]) -> SafeString:
    """The plain-text message as HTML: every character of it escaped, and only `links` tappable.

    The text carries what families and staff typed (names, reasons, venue details).
    Linking every address found in it would turn a name such as "https://….example/login"
    into a working link in the charity's own email, so only addresses this site wrote
    become links.
    """
    if not links:
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - linebreaks escaped the text
    # Longest first, so an address that begins with another is linked whole.
    pattern = re.compile("|".join(re.escape(link) for link in sorted(links, key=len, reverse=True)))
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), format_html('<a href="{}">{}</a>', links[match[0]], match[0])]
        position = match.end()
    parts.append(escape(text[position:]))
    # Each part is escaped or built by format_html, and linebreaks adds only <p> and <br>.
    return mark_safe(linebreaks("".join(parts)))  # noqa: S308


def message_build(email: OutboundEmail, bookings: list[Booking]) -> EmailMultiAlternatives:
    context = _context(email, bookings)
    session = context["session"]
    # A line break in a header would start a header of its own, and Django refuses to send it.
    title = text_clean(session.page.title) if session else "your booking"
    day = timezone.localtime(session.start).strftime("%A %-d %B") if session else ""
    body = render_to_string(f"emails/{email.kind}.txt", context)
    message = EmailMultiAlternatives(
        subject=SUBJECTS[email.kind].format(title=title, day=day),
        body=body,
        to=[email.contact.email],
    )
    # The same words as HTML, so that links can be tapped in every mail app.
    message.attach_alternative(
        render_to_string("emails/base.html", {**context, "body_html": html_from_text(body, links=_links(context))}),
        "text/html",
    )
    if email.kind in WITH_CALENDAR:
        sessions = [booking.session for booking in bookings] or ([session] if session else [])
        calendar = ical.sessions_calendar(sessions=sessions, name=title, page_url=_page_url)
        message.attach("session.ics", calendar.to_ical(), "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def _page_url(page) -> str:
    return page.get_full_url() or settings.BASE_URL


def _claim(email_id: int, now: dt.datetime) -> bool:
    """Take an email for sending; False if it was sent already or another worker has it."""
    return bool(
        OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )


def outbound_email_send(*, email_id: int) -> str:
    """Send one outbox email unless it was sent already; returns its status afterwards."""
    now = timezone.now()
    if not _claim(email_id, now):
        return OutboundEmail.objects.filter(pk=email_id).values_list("status", flat=True).first() or "missing"
    email = OutboundEmail.objects.select_related(
        "contact", "booking__session__page", "booking__session__venue", "session__page", "session__venue"
    ).get(pk=email_id)
    bookings = _live_bookings(email)
    reason = _no_longer_needed(email, bookings, now)
    if reason:
        email.status, email.last_error, email.claimed_until = EmailStatus.SKIPPED, reason, None
        email.save(update_fields=["status", "last_error", "claimed_until"])
        return email.status
    try:
        message_build(email, bookings).send()
    except Exception as error:  # noqa: BLE001 - any failure to send is retried later, never raised
        email.status = EmailStatus.FAILED if email.attempts >= MAX_ATTEMPTS else EmailStatus.PENDING
        email.next_attempt_at = now + _retry_delay(email.attempts)
        email.last_error = f"{type(error).__name__}: {error}"[:300]
        email.claimed_until = None
        email.save(update_fields=["status", "next_attempt_at", "last_error", "claimed_until"])
        logger.warning("Email %s not sent (attempt %d): %s", email.pk, email.attempts, email.last_error)
        return email.status
    email.status, email.sent_at, email.claimed_until, email.last_error = EmailStatus.SENT, timezone.now(), None, ""
    email.save(update_fields=["status", "sent_at", "claimed_until", "last_error"])
    return email.status


def pending_emails_send(*, now: dt.datetime | None = None, limit: int = 500) -> dict:
    """Send every pending email whose next try is due. Returns counts by resulting status."""
    now = now or timezone.now()
    due = OutboundEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    counts: dict[str, int] = {}
    for email_id in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]:
        status = outbound_email_send(email_id=email_id)
        counts[status] = counts.get(status, 0) + 1
    return counts


__all__ = ["message_build", "outbound_email_send", "pending_emails_send"]
