"""One-to-one messages, written when the outbox sends them, from what is true then.

To the family, in their language, by email and (when they agreed, to a mobile) by text:
the request received, another time offered, the new time confirmed, cancelled,
withdrawn by the worker, and a reminder the day before. Each carries their private link.

To the assigned worker, by email only: that a request needs them, with its date and a
link to it in the admin. Never the family's name, contact details or their words: staff
mailboxes are read on shared phones and forwarded, and the admin asks who is reading.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site
from wagtail.users.models import UserProfile

from events.language import family_language
from events.models import Contact
from events.recurrence import LOCAL_TZ
from events.texts import text_fit
from home.models import SiteSettings
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, html_from_text
from messaging.channels.text import TEXT, Text
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from support.models import SupportRequest, SupportRequestStatus, SupportSlot
from support.notify import SupportMessageKind, SupportWorkerMessageKind
from support.selectors import support_requests_for
from web.languages import html_lang

FAMILY_SUBJECTS = {
    SupportMessageKind.ASKED: gettext_lazy("We have your request for a one-to-one session"),
    SupportMessageKind.OFFERED: gettext_lazy("Another time for your one-to-one session"),
    SupportMessageKind.CONFIRMED: gettext_lazy("Your new one-to-one time is confirmed"),
    SupportMessageKind.CANCELLED: gettext_lazy("Your one-to-one session is cancelled"),
    SupportMessageKind.WITHDRAWN: gettext_lazy("Sorry: your one-to-one time has been withdrawn"),
    SupportMessageKind.REMINDER: gettext_lazy("A reminder: your one-to-one session is tomorrow"),
}

# %(day)s is the session's day, e.g. "Tuesday 3 March".
WORKER_SUBJECTS = {
    SupportWorkerMessageKind.NEW: gettext_lazy("A new one-to-one request: %(day)s"),
    SupportWorkerMessageKind.CANCELLED: gettext_lazy("A one-to-one request was cancelled: %(day)s"),
    SupportWorkerMessageKind.OTHER_TIME: gettext_lazy("A family asked for another one-to-one time: %(day)s"),
    SupportWorkerMessageKind.ACCEPTED: gettext_lazy("A family accepted the one-to-one time you offered: %(day)s"),
    SupportWorkerMessageKind.DECLINED: gettext_lazy("A family declined the one-to-one time you offered: %(day)s"),
}

# What must still be true when a family's message is sent; otherwise it is no longer needed.
STILL_TRUE = {
    SupportMessageKind.ASKED: (SupportRequestStatus.ASKED, SupportRequestStatus.WANTS_OTHER_TIME),
    SupportMessageKind.OFFERED: (SupportRequestStatus.OFFERED,),
    SupportMessageKind.CONFIRMED: (SupportRequestStatus.ASKED, SupportRequestStatus.WANTS_OTHER_TIME),
    SupportMessageKind.CANCELLED: (SupportRequestStatus.CANCELLED,),
    SupportMessageKind.WITHDRAWN: (SupportRequestStatus.WITHDRAWN,),
    SupportMessageKind.REMINDER: (SupportRequestStatus.ASKED, SupportRequestStatus.WANTS_OTHER_TIME),
}


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _request(message: OutboundMessage) -> SupportRequest | None:
    if message.about_type_id != ContentType.objects.get_for_model(SupportRequest).pk:
        return None
    return (
        SupportRequest.objects.filter(pk=message.about_id)
        .select_related("slot", "slot__venue", "offered_slot", "offered_slot__venue")
        .first()
    )


def _when(slot: SupportSlot) -> dict:
    start, end = slot.starts_at.astimezone(LOCAL_TZ), slot.ends_at.astimezone(LOCAL_TZ)
    return {
        "day": date_format(start, "l j F"),
        "start": date_format(start, "TIME_FORMAT"),
        "end": date_format(end, "TIME_FORMAT"),
    }


def how_it_happens(slot: SupportSlot) -> str:
    """In plain words, how the session happens: where, or who rings whom."""
    if slot.mode == SupportSlot.Mode.VENUE and slot.venue:
        return _("In person at %(venue)s, %(postcode)s") % {
            "venue": text_clean(slot.venue.name),
            "postcode": text_clean(slot.venue.postcode),
        }
    if slot.mode == SupportSlot.Mode.PHONE:
        return _("By phone: the worker will ring you at the time.")
    return _("By video call: the worker will send you the link before the session.")


def _family_rows(message: OutboundMessage, *, needs: str):
    contact = Contact.objects.filter(pk=message.recipient_id).first()
    if contact is None or not getattr(contact, needs):
        return NotNeeded("the family's details were removed")
    request = _request(message)
    if request is None or request.contact_id != contact.pk:
        return NotNeeded("the request was removed")
    if request.status not in STILL_TRUE.get(message.kind, ()):
        return NotNeeded("the request changed since")
    slot = request.offered_slot if message.kind == SupportMessageKind.OFFERED else request.slot
    if slot is None or (message.kind == SupportMessageKind.REMINDER and slot.starts_at <= timezone.now()):
        return NotNeeded("the time has passed")
    return contact, request, slot


def manage_url(contact: Contact) -> str:
    return _absolute(reverse("support:manage", kwargs={"token": contact.manage_token}))


def support_family_email_render(message: OutboundMessage) -> Email | NotNeeded:
    rows = _family_rows(message, needs="email")
    if isinstance(rows, NotNeeded):
        return rows
    contact, request, slot = rows
    site = Site.objects.filter(is_default_site=True).first()
    with translation.override(family_language(contact)):
        context = {
            "contact": contact,
            "kind": message.kind,
            "kinds": SupportMessageKind,
            "how": how_it_happens(slot),
            "first_time": _when(request.slot) if message.kind == SupportMessageKind.OFFERED else None,
            "manage_url": manage_url(contact),
            "site_settings": SiteSettings.for_site(site) if site else None,
            "html_lang": html_lang(translation.get_language()),
            "html_rtl": translation.get_language_bidi(),
            **_when(slot),
        }
        text = render_to_string("emails/support/family.txt", context)
        return Email(
            to=[contact.email],
            subject=str(FAMILY_SUBJECTS[message.kind]),
            text=text,
            html=render_to_string(
                "emails/base.html",
                {**context, "body_html": html_from_text(text, links={context["manage_url"]: context["manage_url"]})},
            ),
        )


def _text_wording(kind: str) -> str:
    # Translators: texts about a one-to-one session. %(sender)s is the charity, %(day)s e.g. "Tuesday 3 March",
    # %(start)s a time, %(link)s the family's private link.
    return {
        SupportMessageKind.ASKED: _("%(sender)s: we have your one-to-one request for %(day)s, %(start)s. %(link)s"),
        SupportMessageKind.OFFERED: _(
            "%(sender)s: we can offer another one-to-one time: %(day)s, %(start)s. Please answer here: %(link)s"
        ),
        SupportMessageKind.CONFIRMED: _("%(sender)s: your one-to-one time is now %(day)s, %(start)s. %(link)s"),
        SupportMessageKind.CANCELLED: _("%(sender)s: your one-to-one session on %(day)s is cancelled. %(link)s"),
        SupportMessageKind.WITHDRAWN: _(
            "%(sender)s: sorry, your one-to-one time on %(day)s, %(start)s is withdrawn. %(link)s"
        ),
        SupportMessageKind.REMINDER: _("%(sender)s: your one-to-one session is tomorrow, %(start)s. %(link)s"),
    }[kind]


def support_family_text_render(message: OutboundMessage) -> Text | NotNeeded:
    rows = _family_rows(message, needs="wants_texts")
    if isinstance(rows, NotNeeded):
        return rows
    contact, request, slot = rows
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    sender = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    with translation.override(family_language(contact)):
        when = _when(slot)
        link = short_link(contact)
        wording = _text_wording(message.kind)
        body = text_fit(lambda sender: wording % {"sender": sender, "link": link, **when}, {"sender": sender})
    return Text(to=contact.phone, body=body)


def short_link(contact: Contact) -> str:
    """The family's private link as a text carries it, without the scheme."""
    return _absolute(reverse("support:text_link", kwargs={"token": contact.text_token})).removeprefix("https://")


def _worker(message: OutboundMessage):
    return get_user_model().objects.filter(pk=message.recipient_id, is_active=True).exclude(email="").first()


def support_worker_email_render(message: OutboundMessage) -> Email | NotNeeded:
    worker = _worker(message)
    if worker is None:
        return NotNeeded("the worker left or has no email address")
    request = _request(message)
    if request is None or not support_requests_for(worker).filter(pk=request.pk).exists():
        return NotNeeded("the request was removed or is no longer theirs")
    with translation.override(UserProfile.get_for_user(worker).get_preferred_language()):
        slot = request.slot
        context = {
            "worker": worker,
            "kind": message.kind,
            "kinds": SupportWorkerMessageKind,
            "mode": slot.get_mode_display(),
            "request_url": _absolute(reverse("support_admin:request", args=[request.pk])),
            **_when(slot),
        }
        text = render_to_string("emails/support/worker.txt", context)
        return Email(
            to=[worker.email],
            subject=str(WORKER_SUBJECTS[message.kind] % {"day": context["day"]}),
            text=text,
            html=render_to_string(
                "emails/base.html",
                {
                    "body_html": html_from_text(text, links={context["request_url"]: context["request_url"]}),
                    "html_lang": translation.get_language(),
                },
            ),
        )


def renderers_register() -> None:
    for kind in SupportMessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=support_family_email_render)
        renderers.register(channel=TEXT, kind=kind, renderer=support_family_text_render)
    for kind in SupportWorkerMessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=support_worker_email_render)


__all__ = [
    "how_it_happens",
    "renderers_register",
    "support_family_email_render",
    "support_family_text_render",
    "support_worker_email_render",
]
