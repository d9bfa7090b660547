"""What each text to a family says, written when the outbox sends it.

The same kinds as the emails (events/emails.py), read from the same rows and refused
for the same reasons, but short: a text must fit in two segments
(messaging.channels.text.MAX_SEGMENTS), which is 306 characters in plain Latin
letters and only 134 in Arabic, Urdu or Bengali script. Each text names the group,
the day and time, and carries the family's short private link (/t/<token>, see
events/views.py) in place of the long one. When a long group, venue or reason would
push a text past two segments, those are shortened, never the link. A group leader's
message to the families goes as written and in full, with no link: it is refused before
it is sent if it cannot fit (`session_notice_too_long_by`).
"""

import copy
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from events.message_rows import message_rows, session_title_load
from events.models.messages import MessageKind
from home.text import text_clean
from messaging import renderers
from messaging.channels.text import MAX_SEGMENTS, TEXT, Text
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from messaging.texting.segments import GSM7_PART, UCS2_PART, segments_count

from .models import Booking, Contact, Session, SessionNotice

# The shortest each part of a text gets when shortened, in characters: a venue or a
# reason may go altogether (the link leads to both), the group's and the sender's
# names stay recognisable.
SHORTEST = {"title": 10, "sender": 6, "venue": 0, "reason": 0}
ELLIPSIS = "..."  # three full stops: "…" is not in the GSM alphabet and would double the cost
# A comma left before another comma or a full stop when what was between them went:
# Latin, Arabic (،), Urdu (۔) and Bengali (।) marks alike.
LEFT_BEHIND = re.compile(r"\s*(?:[,،]\s*)+([,،.۔।])")


def short_link(contact: Contact) -> str:
    """The family's private link as a text carries it: "croydonmums.org.uk/t/Xq3vT9bLr2mW".

    Phones make a link of a web address without its "https://", and the eight
    characters saved are a sixteenth of what two segments of Urdu hold. An address
    that is not https (a development machine's) keeps its scheme.
    """
    base = settings.BASE_URL.rstrip("/")
    return base.removeprefix("https://") + reverse("text_link", args=[contact.text_token])


def sender_name() -> str:
    """Who a text says it is from: the site's name."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def _when(session: Session) -> str:
    start = timezone.localtime(session.start)
    # Translators: a session's day and time in a text message, e.g. "Tue 3 Mar, 10:00".
    return _("%(day)s, %(time)s") % {"day": date_format(start, "D j M"), "time": time_format(start, "G:i")}


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ""
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def text_fit(write, parts: dict[str, str]) -> str:
    """`write(**parts)`, with the longest of `parts` shortened until the text fits in two segments."""
    limits = {name: len(value) for name, value in parts.items()}
    while True:
        body = write(**{name: _shortened(value, limits[name]) for name, value in parts.items()})
        if segments_count(body).segments <= MAX_SEGMENTS:
            return body
        name = max(limits, key=lambda each: limits[each] - SHORTEST[each])
        if limits[name] <= SHORTEST[name]:
            return body
        limits[name] = max(SHORTEST[name], limits[name] - 6)


def _venue(session: Session) -> str:
    return text_clean(session.venue.name) if session.venue_id and session.venue else ""


def _notice_wording(*, sender: str, title: str, when: str, message: str) -> str:
    # Translators: a group leader's message by text, e.g. "Gather, Peebles Toddlers Tue 3 Mar, 10:00: The hall
    # is cold today, bring a jumper". The message comes as the leader wrote it, in whatever language.
    return _("%(sender)s, %(title)s %(when)s: %(message)s") % {
        "sender": sender,
        "title": title,
        "when": when,
        "message": message,
    }


def _notice_write(*, session: Session, notice: SessionNotice) -> str:
    """A leader's message, in full and as written (line breaks too): only the group's name is ever shortened."""
    sender, when = sender_name(), _when(session)
    return text_fit(
        lambda title: _notice_wording(sender=sender, title=title, when=when, message=notice.message),
        {"title": text_clean(session.title_shown)},
    )


def _units_over(body: str) -> int:
    """How many characters `body` is past two segments, or 0 when it fits."""
    count = segments_count(body)
    if count.segments <= MAX_SEGMENTS:
        return 0
    part = GSM7_PART if count.encoding == "GSM-7" else UCS2_PART
    # A character kept whole across two parts can cost a segment before the units run out.
    return max(count.units - MAX_SEGMENTS * part, 1)


def session_notice_too_long_by(*, session: Session, message: str, languages) -> int:
    """How many characters too long `message` is to go by text to the families of `session`; 0 if it fits.

    Worked out as the text will read in each of `languages` (the families' own: the
    words around the message, and the day, are in theirs), with the group's name as
    short as a text ever makes it. One letter of Urdu, Arabic or Bengali makes the
    whole text take far fewer characters to a segment.
    """
    sender, worst = sender_name(), 0
    for language in languages:
        with translation.override(language):
            # A copy, so that the group's name in one language is not taken for the next one's.
            shown = copy.copy(session)
            session_title_load(shown)
            body = _notice_wording(
                sender=sender,
                title=_shortened(text_clean(shown.title_shown), SHORTEST["title"]),
                when=_when(shown),
                message=message,
            )
        worst = max(worst, _units_over(body))
    return worst


def _write(
    *, kind: str, contact: Contact, booking, bookings: list[Booking], session: Session, waiting_entry, notice=None
) -> str:
    """The text itself, in the active language."""
    session_title_load(session)
    if kind == MessageKind.SESSION_NOTICE:
        return _notice_write(session=session, notice=notice)
    link, when = short_link(contact), _when(session)
    parts = {"title": text_clean(session.title_shown), "venue": _venue(session), "sender": sender_name()}
    if kind == MessageKind.BOOKING_CONFIRMED and len(bookings) > 1:
        return text_fit(
            lambda title, sender: (
                ngettext(
                    "%(sender)s: booked for %(count)s session of %(title)s from %(when)s. Change or cancel: %(link)s",
                    "%(sender)s: booked for %(count)s sessions of %(title)s from %(when)s. Change or cancel: %(link)s",
                    len(bookings),
                )
                % {"sender": sender, "count": len(bookings), "title": title, "when": when, "link": link}
            ),
            {"title": parts["title"], "sender": parts["sender"]},
        )
    if kind == MessageKind.RUN_CANCELLED and len(bookings) > 1:
        first, last = (date_format(timezone.localtime(b.session.start), "D j M") for b in (bookings[0], bookings[-1]))
        return text_fit(
            lambda title, sender: (
                ngettext(
                    "%(sender)s: your %(count)s booking of %(title)s, %(first)s to %(last)s, is cancelled. "
                    "Thank you. %(link)s",
                    "%(sender)s: your %(count)s bookings of %(title)s, %(first)s to %(last)s, are cancelled. "
                    "Thank you. %(link)s",
                    len(bookings),
                )
                % {"sender": sender, "count": len(bookings), "title": title, "first": first, "last": last, "link": link}
            ),
            {"title": parts["title"], "sender": parts["sender"]},
        )
    wordings = {
        MessageKind.BOOKING_CONFIRMED: _(
            "%(sender)s: you are booked: %(title)s, %(when)s, %(venue)s. Change or cancel: %(link)s"
        ),
        MessageKind.BOOKING_CHANGED: _("%(sender)s: booking changed: %(title)s, %(when)s. See it: %(link)s"),
        MessageKind.BOOKING_CANCELLED: _(
            "%(sender)s: your booking is cancelled: %(title)s, %(when)s. Thank you. %(link)s"
        ),
        # A run whose other bookings were cancelled before the message went reads as one.
        MessageKind.RUN_CANCELLED: _("%(sender)s: your booking is cancelled: %(title)s, %(when)s. Thank you. %(link)s"),
        MessageKind.WAITING_JOINED: _(
            "%(sender)s: on the waiting list: %(title)s, %(when)s. We text you if a place is free. %(link)s"
        ),
        MessageKind.WAITING_PROMOTED: _(
            "%(sender)s: a place is free for you: %(title)s, %(when)s, %(venue)s. Cannot come? Cancel: %(link)s"
        ),
        MessageKind.REMINDER: _(
            "%(sender)s: see you tomorrow: %(title)s, %(when)s, %(venue)s. Cannot come? Cancel: %(link)s"
        ),
    }
    if kind in {MessageKind.SESSION_CANCELLED, MessageKind.SESSION_MOVED}:
        parts["reason"] = text_clean(session.status_reason_shown)
        if kind == MessageKind.SESSION_CANCELLED:
            wording = _("%(sender)s: sorry, %(title)s on %(when)s is cancelled. %(reason)s Your bookings: %(link)s")
        elif booking is not None:
            wording = _(
                "%(sender)s: %(title)s has moved to %(when)s, %(venue)s. %(reason)s Cannot come? Cancel: %(link)s"
            )
        else:
            wording = _(
                "%(sender)s: %(title)s has moved to %(when)s, %(venue)s. %(reason)s "
                "You are still on the waiting list. %(link)s"
            )
    else:
        wording = wordings[kind]

    def write(**shown):
        text = wording % {"when": when, "link": link, "reason": "", **shown}
        # A blank venue or reason leaves ", ,", ", ." or a double space behind (or the
        # same with the Arabic comma and the Urdu full stop).
        return " ".join(LEFT_BEHIND.sub(r"\1", text).split())

    return text_fit(write, parts)


def text_render(message: OutboundMessage) -> Text | NotNeeded:
    """The text `message` stands for, as it should read now, or why it is no longer needed."""
    contact = Contact.objects.filter(pk=message.recipient_id).first()
    if contact is None or not contact.phone:
        return NotNeeded("the family's details were removed")
    if not contact.wants_texts:
        return NotNeeded("the family no longer wants texts")
    rows = message_rows(message, contact)
    if isinstance(rows, NotNeeded):
        return rows
    if rows.session is None:
        return NotNeeded("the message is about no session")
    with translation.override(rows.language):
        body = _write(
            kind=message.kind,
            contact=contact,
            booking=rows.booking,
            bookings=rows.bookings,
            session=rows.session,
            waiting_entry=rows.waiting_entry,
            notice=rows.notice,
        )
    return Text(to=contact.phone, body=body)


def renderers_register() -> None:
    for kind in MessageKind:
        renderers.register(channel=TEXT, kind=kind, renderer=text_render)


__all__ = ["renderers_register", "session_notice_too_long_by", "short_link", "text_fit", "text_render"]
