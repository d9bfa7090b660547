"""The invitation to an anonymous check-in, as an email and as a text, written when the outbox sends it.

One short message: the group's name and a link to three optional questions, in the
family's language. The link is the invitation's one-use secret, which is kept only
until the message has left (events/models/check_ins.py); a message whose invitation
was answered, expired or cut loose is no longer needed.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site

from events.language import family_language
from events.models import CheckInInvitation, Contact
from events.models.messages import CheckInMessageKind
from events.texts import sender_name, text_fit
from home.localization import title_in_language
from home.models import SiteSettings
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, email_from_template
from messaging.channels.text import TEXT, Text
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from web.languages import html_lang

SUBJECTS = {
    CheckInMessageKind.FIRST: gettext_lazy("How was %(title)s? Three short questions"),
    CheckInMessageKind.LATER: gettext_lazy("Is %(title)s helping? Three short questions"),
}


def _invitation(message: OutboundMessage) -> CheckInInvitation | None:
    if message.about_type_id != ContentType.objects.get_for_model(CheckInInvitation).pk:
        return None
    return CheckInInvitation.objects.filter(pk=message.about_id).exclude(token_to_send="").first()


def _group_title(invitation: CheckInInvitation) -> str:
    group = Page.objects.filter(pk=invitation.group_id)
    if (translated := title_in_language("translation_key")) is not None:
        group = group.annotate(translated=translated)
    row = group.values(*(["title", "translated"] if translated is not None else ["title"])).first() or {}
    return text_clean(row.get("translated") or row.get("title") or "")


def _link(invitation: CheckInInvitation) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("events:check_in_answer", args=[invitation.token_to_send])


def _rows(message: OutboundMessage, *, needs: str) -> tuple[Contact, CheckInInvitation] | NotNeeded:
    contact = Contact.objects.filter(pk=message.recipient_id).first()
    if contact is None or not getattr(contact, needs):
        return NotNeeded("the family's details were removed")
    invitation = _invitation(message)
    if invitation is None:
        return NotNeeded("the check-in was answered or has expired")
    return contact, invitation


def check_in_email_render(message: OutboundMessage) -> Email | NotNeeded:
    rows = _rows(message, needs="email")
    if isinstance(rows, NotNeeded):
        return rows
    contact, invitation = rows
    site = Site.objects.filter(is_default_site=True).first()
    with translation.override(family_language(contact)):
        title = _group_title(invitation)
        context = {
            "contact": contact,
            "title": title,
            "later": message.kind == CheckInMessageKind.LATER,
            "link": _link(invitation),
            "expires_on": invitation.expires_on,
            "site_settings": SiteSettings.for_site(site) if site else None,
            "html_lang": html_lang(translation.get_language()),
            "html_rtl": translation.get_language_bidi(),
        }
        return email_from_template(
            to=[contact.email],
            subject=SUBJECTS[message.kind] % {"title": title},
            template="emails/check_in.txt",
            context=context,
            links={context["link"]: context["link"]},
        )


def check_in_text_render(message: OutboundMessage) -> Text | NotNeeded:
    rows = _rows(message, needs="wants_texts")
    if isinstance(rows, NotNeeded):
        return rows
    contact, invitation = rows
    sender = sender_name()
    with translation.override(family_language(contact)):
        link = _link(invitation).removeprefix("https://")
        # Translators: a text inviting a family to answer three anonymous questions about a group.
        wording = _("%(sender)s: how was %(title)s for you? 3 short questions, anonymous and optional: %(link)s")
        body = text_fit(
            lambda title, sender: wording % {"sender": sender, "title": title, "link": link},
            {"title": _group_title(invitation), "sender": sender},
        )
    return Text(to=contact.phone, body=body)


def renderers_register() -> None:
    for kind in CheckInMessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=check_in_email_render)
        renderers.register(channel=TEXT, kind=kind, renderer=check_in_text_render)


__all__ = ["check_in_email_render", "check_in_text_render", "renderers_register"]
