"""The email a group's leader or coordinator chose to get when a family books, cancels or waits.

It says which session and how many places are left, with the family's first name and
party size as the register shows them, and never how to reach the family: no phone,
email or needs. Written when the outbox sends it, so a leader who lost access to the
group, left, or turned the emails off gets nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from wagtail.users.models import UserProfile

from events.message_rows import message_about
from events.models import Booking, LeaderMessageKind, WaitingEntry
from events.selectors.sessions import session_places_left
from home.permissions import pages_editable_by
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, email_from_template
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded

# %(name)s is the family's first name, %(title)s the group or workshop, %(day)s the session's day.
SUBJECTS = {
    LeaderMessageKind.BOOKED: gettext_lazy("%(name)s booked: %(title)s, %(day)s"),
    LeaderMessageKind.CANCELLED: gettext_lazy("%(name)s cancelled: %(title)s, %(day)s"),
    LeaderMessageKind.WAITING_JOINED: gettext_lazy("%(name)s is waiting: %(title)s, %(day)s"),
    LeaderMessageKind.WAITING_PROMOTED: gettext_lazy("%(name)s got a place: %(title)s, %(day)s"),
}


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _leader(message: OutboundMessage):
    return (
        get_user_model()
        .objects.filter(pk=message.recipient_id, is_active=True, leader_preferences__emails_on_bookings=True)
        .exclude(email="")
        .first()
    )


def leader_email_render(message: OutboundMessage) -> Email | NotNeeded:
    leader = _leader(message)
    if leader is None:
        return NotNeeded("the user left, has no email address or turned these emails off")
    about = message_about(message)
    if not isinstance(about, Booking | WaitingEntry) or about.contact_id is None:
        return NotNeeded("the family's details were removed")
    session = about.session
    if not pages_editable_by(leader).filter(pk=session.page_id).exists():
        return NotNeeded("the user may no longer edit the group")
    first_name = about.contact.first_name
    with translation.override(UserProfile.get_for_user(leader).get_preferred_language()):
        title = text_clean(session.page.title)
        day = date_format(timezone.localtime(session.start), "l j E")
        context = {
            "kind": message.kind,
            "kinds": LeaderMessageKind,
            "leader": leader,
            "first_name": first_name,
            "party": about,
            "session": session,
            "places": session_places_left(session=session),
            "register_url": _absolute(reverse("events_session:register", args=[session.pk])),
            "preferences_url": _absolute(reverse("events_leader_emails")),
        }
        return email_from_template(
            to=[leader.email],
            subject=SUBJECTS[message.kind] % {"name": text_clean(first_name), "title": title, "day": day},
            template="emails/leaders/booking_news.txt",
            context={**context, "html_lang": translation.get_language()},
            links={url: url for url in (context["register_url"], context["preferences_url"])},
        )


def renderers_register() -> None:
    for kind in LeaderMessageKind:
        renderers.register(channel=EMAIL, kind=kind, renderer=leader_email_render)


__all__ = ["leader_email_render", "renderers_register"]
