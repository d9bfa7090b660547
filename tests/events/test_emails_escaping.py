"""Nothing a family or staff member types is live HTML in an email, or a property of its own in the calendar file.

Every kind of email is sent with markup in each field that reaches it: the HTML part
shows the markup as text, with no element of its own and no link but the site's; the
plain-text part shows it as typed.
"""

from html.parser import HTMLParser

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import Page

from events.emails import WITH_CALENDAR
from events.models import Session, SessionNotice, Venue
from events.models.messages import MessageKind
from events.models.schedules import SessionStatus
from events.services.privacy import email_proof
from events.services_notify import email_queue
from home.models import SiteSettings
from messaging.models import OutboundMessage
from messaging.sending import message_send
from tests.events.booking_support import book, group_make, session_make

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "anchor": "<a href=//evil.example/login>Confirm your place</a>",
    "image": "<img src=x onerror=alert(1)>",
    "style": "<style>body{display:none}</style>",
    "bare link": "https://evil.example/login",
}

EVERY_KIND = set(MessageKind)
# Which typed fields each kind of email shows, and so where a payload can reach it.
FIELDS = {
    "first name": EVERY_KIND,
    "page title": EVERY_KIND,
    "venue name": EVERY_KIND,
    "organisation name": EVERY_KIND,
    "session reason": {MessageKind.SESSION_CANCELLED, MessageKind.SESSION_MOVED},
    "venue directions": {MessageKind.REMINDER},
    "leader's message": {MessageKind.SESSION_NOTICE},
}
CASES = [
    pytest.param(kind, field, payload, id=f"{kind}-{field}-{name}")
    for kind in MessageKind
    for field, kinds in FIELDS.items()
    if kind in kinds
    for name, payload in PAYLOADS.items()
]
# The tags the message itself is made of.
EMAIL_TAGS = {"html", "head", "meta", "title", "body", "div", "p", "br", "a"}


class HtmlPart(HTMLParser):
    """The elements and the text of an HTML part, as a mail app would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def family_booked(field: str, payload: str):
    """A booking on a session next week, with `payload` typed into `field`."""
    group = group_make()
    session = session_make(group, days=1, places=1)
    outcome = book(session, first_name=payload if field == "first name" else "Amina", email="amina@example.org")
    typed = {
        "page title": lambda: Page.objects.filter(pk=group.pk).update(title=payload),
        "venue name": lambda: Venue.objects.filter(pk=session.venue_id).update(name=payload),
        "venue address": lambda: Venue.objects.filter(pk=session.venue_id).update(address=payload),
        "venue directions": lambda: Venue.objects.filter(pk=session.venue_id).update(public_transport=payload),
        "session reason": lambda: Session.objects.filter(pk=session.pk).update(status_reason=payload),
        "organisation name": lambda: SiteSettings.objects.update(organisation_name=payload),
    }
    if field in typed:
        typed[field]()
    # The leader's message to the session, for the emails that carry one: typed text too.
    SessionNotice.objects.create(
        session=session, message=payload if field == "leader's message" else "The hall is cold, bring a jumper."
    )
    return outcome.bookings[0]


def email_sent(kind: str, booking) -> mail.EmailMessage:
    mail.outbox.clear()
    notice = (
        SessionNotice.objects.filter(session=booking.session).first() if kind == MessageKind.SESSION_NOTICE else None
    )
    email = OutboundMessage.objects.filter(kind=kind).first() or email_queue(
        kind=kind, contact=booking.contact, booking=booking, session=booking.session, about=notice
    )
    if kind == MessageKind.SESSION_CANCELLED:
        Session.objects.filter(pk=booking.session_id).update(status=SessionStatus.CANCELLED)
    if kind == MessageKind.SESSION_MOVED:
        Session.objects.filter(pk=booking.session_id).update(status=SessionStatus.MOVED)
    assert message_send(message_id=email.pk) == "sent"
    (message,) = mail.outbox
    return message


def html_part(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


@pytest.mark.parametrize(("kind", "field", "payload"), CASES)
def test_what_was_typed_is_text_in_the_html_part_and_readable_in_the_text_part(kind, field, payload):
    message = email_sent(kind, family_booked(field, payload))

    part = HtmlPart(html_part(message))
    tags = {tag for tag, _ in part.tags}
    assert tags <= EMAIL_TAGS, f"elements from what was typed: {tags - EMAIL_TAGS}"
    for tag, attributes in part.tags:
        if tag == "a":
            assert attributes["href"].startswith((settings.BASE_URL, "mailto:")), attributes
        assert "evil.example" not in " ".join(str(value) for value in attributes.values())
    assert payload in part.text
    assert payload in message.body
    assert "&lt;" not in message.body and "&amp;" not in message.body


def test_the_site_links_in_the_html_part_still_work():
    booking = family_booked("first name", "Amina")
    SiteSettings.objects.update(contact_email="hello@gather.example")

    part = HtmlPart(html_part(email_sent(MessageKind.BOOKING_CANCELLED, booking)))

    hrefs = {attributes["href"] for tag, attributes in part.tags if tag == "a"}
    assert hrefs == {
        settings.BASE_URL
        + reverse("events:booking_manage", args=[booking.contact.manage_token])
        + "?"
        + urlencode({"proof": email_proof(booking.contact)}),
        settings.BASE_URL + reverse("events:session_detail", args=[booking.session_id]),
        "mailto:hello@gather.example",
    }


# Calendar files attached to emails -----------------------------------------------

# Every line break some reader splits on; icalendar escapes only the first two.
LINE_BREAKS = ["\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]
INJECTED = "".join(f"{line_break}X-INJ-{number}:1" for number, line_break in enumerate(LINE_BREAKS))
PAYLOAD = f"Hall{INJECTED}\u2028ATTENDEE:mailto:a@evil.example"


# The reason shows in the file only once the session is moved.
CALENDAR_CASES = [
    *((kind, field) for kind in sorted(WITH_CALENDAR) for field in ("page title", "venue name", "venue address")),
    (MessageKind.SESSION_MOVED, "session reason"),
]


@pytest.mark.parametrize(("kind", "field"), CALENDAR_CASES)
def test_typed_text_cannot_add_a_property_to_the_attached_calendar_file(kind, field):
    message = email_sent(kind, family_booked(field, PAYLOAD))

    ((_, content, _),) = message.attachments
    raw = content.decode() if isinstance(content, bytes) else content
    assert not [line for line in raw.splitlines() if line.startswith(("ATTENDEE", "X-INJ"))]
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert "ATTENDEE" not in event
    assert not [name for name in event if name.startswith("X-INJ")]
    shown = " ".join(str(event.get(name, "")) for name in ("SUMMARY", "LOCATION", "DESCRIPTION"))
    assert "X-INJ-7:1" in shown, "what was typed is still there to read"
