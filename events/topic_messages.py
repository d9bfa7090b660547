"""The message that a topic a family chose is now a workshop, as an email and as a text.

Written when the outbox sends it, in the family's language, from what is true then:
the workshop's first session still to come, and a link that books it in one step from
the family's private link. A message whose workshop has no such session, or whose family's
details were removed, is no longer needed.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from events.language import family_language
from events.models import Contact
from events.models.messages import TopicMessageKind
from events.models.topics import TopicSuggestion
from events.recurrence import LOCAL_TZ
from events.selectors.privacy import contact_for_manage_token
from events.selectors.topics import workshop_first_bookable_session
from events.texts import sender_name, text_fit
from home.models import SiteSettings
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, email_from_template
from messaging.channels.text import TEXT, Text
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from web.languages import html_lang

SUBJECT = gettext_lazy("You chose it: %(title)s can now be booked")


def _rows(message: OutboundMessage, *, needs: str):
    contact = Contact.objects.filter(pk=message.recipient_id).first()
    if contact is None or not getattr(contact, needs):
        return NotNeeded("the family's details were removed")
    topic = None
    if message.about_type_id == ContentType.objects.get_for_model(TopicSuggestion).pk:
        topic = TopicSuggestion.objects.filter(pk=message.about_id).select_related("workshop").first()
    workshop = topic.workshop if topic else None
    session = workshop_first_bookable_session(workshop=workshop) if workshop and workshop.live else None
    if session is None:
        return NotNeeded("the workshop has no session to book")
    return contact, workshop, session


def _book_link(contact: Contact, session) -> str:
    """The one-step booking link while the family's private link still works; after it has
    expired (long after their last session), the session's own booking page."""
    if contact_for_manage_token(contact.manage_token) is None:
        path = reverse("events:session_detail", args=[session.pk])
    else:
        path = reverse("events:topic_workshop_book", args=[contact.manage_token, session.pk])
    return settings.BASE_URL.rstrip("/") + path


def _title(workshop) -> str:
    localized = workshop.localized
    return text_clean(localized.title if localized else workshop.title)


def _day(session) -> str:
    return date_format(session.start.astimezone(LOCAL_TZ), "l j F")


def topic_workshop_email_render(message: OutboundMessage) -> Email | NotNeeded:
    rows = _rows(message, needs="email")
    if isinstance(rows, NotNeeded):
        return rows
    contact, workshop, session = rows
    site = Site.objects.filter(is_default_site=True).first()
    with translation.override(family_language(contact)):
        link = _book_link(contact, session)
        context = {
            "contact": contact,
            "title": _title(workshop),
            "day": _day(session),
            "time": date_format(session.start.astimezone(LOCAL_TZ), "TIME_FORMAT"),
            "link": link,
            "one_step": "/book/" in link,
            "site_settings": SiteSettings.for_site(site) if site else None,
            "html_lang": html_lang(translation.get_language()),
            "html_rtl": translation.get_language_bidi(),
        }
        return email_from_template(
            to=[contact.email],
            subject=SUBJECT % {"title": context["title"]},
            template="emails/topic_workshop.txt",
            context=context,
            links={link: link},
        )


def topic_workshop_text_render(message: OutboundMessage) -> Text | NotNeeded:
    rows = _rows(message, needs="wants_texts")
    if isinstance(rows, NotNeeded):
        return rows
    contact, workshop, session = rows
    sender = sender_name()
    with translation.override(family_language(contact)):
        link = _book_link(contact, session).removeprefix("https://")
        day = _day(session)
        # Translators: a text telling a family that a topic they suggested or voted for is now a workshop.
        wording = _("%(sender)s: %(title)s, which you chose, is now a workshop on %(day)s. Book here: %(link)s")
        body = text_fit(
            lambda title, sender: wording % {"sender": sender, "title": title, "day": day, "link": link},
            {"title": _title(workshop), "sender": sender},
        )
    return Text(to=contact.phone, body=body)


def renderers_register() -> None:
    for kind in TopicMessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=topic_workshop_email_render)
        renderers.register(channel=TEXT, kind=kind, renderer=topic_workshop_text_render)


__all__ = ["renderers_register", "topic_workshop_email_render", "topic_workshop_text_render"]
