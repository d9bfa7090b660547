"""What each email to a family says, written when the outbox sends it.

The outbox (messaging/) stores only which contact a message goes to and what it is
about; events/message_rows.py reads those rows when the message is due, so that the
email says what is true at that moment, or tells the outbox it is no longer needed.
`renderers_register` runs when the app is ready.

Each email is written in the family's language (events/language.py): the
subject, the text, the dates and the attached calendar file alike.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, pgettext
from wagtail.models import Site

from events import leader_booking_emails
from events.language import manage_path
from events.message_rows import message_rows, session_title_load
from events.models.messages import MessageKind
from events.services.privacy import email_proof
from home.models import SiteSettings
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, email_from_template
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from web.languages import html_lang

from . import ical
from .models import Booking, Contact

# Email subjects; %(title)s is the group or workshop, %(day)s the session's day ("Tuesday 3 March").
SUBJECTS = {
    MessageKind.BOOKING_CONFIRMED: gettext_lazy("You are booked: %(title)s"),
    MessageKind.BOOKING_CHANGED: gettext_lazy("Your booking has changed: %(title)s"),
    MessageKind.BOOKING_CANCELLED: gettext_lazy("Your booking is cancelled: %(title)s"),
    MessageKind.RUN_CANCELLED: gettext_lazy("Your bookings are cancelled: %(title)s"),
    MessageKind.WAITING_JOINED: gettext_lazy("You are on the waiting list: %(title)s"),
    MessageKind.WAITING_PROMOTED: gettext_lazy("Good news, you have a place: %(title)s"),
    MessageKind.SESSION_CANCELLED: gettext_lazy("Cancelled: %(title)s on %(day)s"),
    MessageKind.SESSION_MOVED: gettext_lazy("Changed: %(title)s has moved"),
    MessageKind.REMINDER: gettext_lazy("See you tomorrow: %(title)s"),
    MessageKind.SESSION_NOTICE: gettext_lazy("A message about %(title)s on %(day)s"),
}
# Messages that carry the session(s) as an .ics file for the family's calendar.
WITH_CALENDAR = {MessageKind.BOOKING_CONFIRMED, MessageKind.WAITING_PROMOTED, MessageKind.SESSION_MOVED}


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _site_settings():
    # The default site's settings in one query; the first email of a new site makes them, as Wagtail does.
    saved = SiteSettings.base_queryset().filter(site__is_default_site=True).first()
    if saved is not None:
        return saved
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def _page_url(page) -> str:
    return page.get_full_url() or settings.BASE_URL


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
    rows = message_rows(message, contact)
    if isinstance(rows, NotNeeded):
        return rows
    with translation.override(rows.language):
        return _email_write(
            kind=message.kind,
            contact=contact,
            booking=rows.booking,
            bookings=rows.bookings,
            session=rows.session,
            waiting_entry=rows.waiting_entry,
            notice=rows.notice,
        )


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
    attachments = []
    if kind in WITH_CALENDAR:
        sessions = [each.session for each in bookings] or ([session] if session else [])
        # The family has a place in each, unless it is a move told to a family still waiting.
        booked = kind != MessageKind.SESSION_MOVED or booking is not None
        calendar = ical.sessions_calendar(sessions=sessions, name=title, page_url=_page_url, booked=booked)
        attachments.append(("session.ics", calendar.to_ical(), "text/calendar; charset=utf-8; method=PUBLISH"))
    # The same words as HTML too, so that links can be tapped in every mail app.
    return email_from_template(
        to=[contact.email],
        subject=SUBJECTS[kind] % {"title": title, "day": day},
        template=f"emails/{kind}.txt",
        context=context,
        links=_links(context),
        attachments=attachments,
    )


def renderers_register() -> None:
    for kind in MessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=email_render)
    leader_booking_emails.renderers_register()


__all__ = ["WITH_CALENDAR", "email_render", "renderers_register"]
