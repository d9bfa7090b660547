"""Texts to families that went wrong, as staff see them: which session, which kind, whose.

The outbox (messaging/) knows only that a text was about some row and went to some
recipient; here those rows become the session and the family's first name, limited to
the sessions of the pages a user may edit, as every staff listing is. Nothing shows a
phone number or what the text said.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, F, OuterRef, PositiveBigIntegerField, QuerySet, Subquery, When

from events.models import Booking, Contact, Session, SessionNotice, WaitingEntry
from events.models.messages import family_message_label
from home.permissions import pages_editable_by
from messaging.models import MessageStatus
from messaging.selectors import messages_gone_wrong_since, texts_gone_wrong

# Eight digits or more, maybe spaced or with a leading +: a phone number that a
# provider wrote into its error. Provider error codes are five digits.
PHONE_NUMBER = re.compile(r"\+?\d(?:[\s().-]*\d){7,}")
# A mail server's refusal often names the address it refused.
EMAIL_ADDRESS = re.compile(r"[^\s<>\"'@]+@[^\s<>\"'@]+")


def _of(model, value):
    return When(about_type__app_label=model._meta.app_label, about_type__model=model._meta.model_name, then=value)


def _session_of(model) -> Subquery:
    return Subquery(model.objects.filter(pk=OuterRef("about_id")).values("session_id")[:1])


def _for_staff(messages: QuerySet, user) -> QuerySet:
    """Messages to families about sessions `user` may manage, each with `session_id` and `first_name`."""
    session_id = Case(
        _of(Booking, _session_of(Booking)),
        _of(WaitingEntry, _session_of(WaitingEntry)),
        _of(SessionNotice, _session_of(SessionNotice)),
        _of(Session, F("about_id")),
        output_field=PositiveBigIntegerField(),
    )
    first_name = Subquery(Contact.objects.filter(pk=OuterRef("recipient_id")).values("first_name")[:1])
    return (
        messages.filter(recipient_type__app_label="events", recipient_type__model="contact")
        .annotate(session_id=session_id, first_name=first_name)
        .filter(session_id__in=Session.objects.filter(page__in=pages_editable_by(user)).values("pk"))
    )


def texts_gone_wrong_for_staff(*, user, now: dt.datetime) -> QuerySet:
    """This month's texts that were given up or not delivered, about sessions `user` may manage.

    Newest first; each carries `session_id` and the family's `first_name` (one query).
    """
    return _for_staff(texts_gone_wrong(now), user)


def messages_gone_wrong_for_staff(*, user, since: dt.datetime) -> QuerySet:
    """Emails and texts to families since `since` that were given up or not delivered, about
    sessions `user` may manage; newest first, as texts_gone_wrong_for_staff (one query)."""
    return _for_staff(messages_gone_wrong_since(since), user)


@dataclass(frozen=True)
class TextGoneWrong:
    message_id: int
    happened_at: dt.datetime
    session: Session
    kind: str
    first_name: str
    reason: str
    given_up: bool
    channel: str = "text"


def _reason(message) -> str:
    return EMAIL_ADDRESS.sub("…", PHONE_NUMBER.sub("…", message.delivery_error or message.last_error))


def _kind_label(kind: str) -> str:
    return family_message_label(kind)


def texts_gone_wrong_rows(messages) -> list[TextGoneWrong]:
    """Rows for a page of `texts_gone_wrong_for_staff`, with their sessions and groups (one query)."""
    messages = list(messages)
    sessions = Session.objects.select_related("page").in_bulk({message.session_id for message in messages})
    return [
        TextGoneWrong(
            message_id=message.pk,
            happened_at=message.happened_at,
            session=sessions[message.session_id],
            kind=_kind_label(message.kind),
            first_name=message.first_name or "",
            reason=_reason(message),
            given_up=message.status == MessageStatus.FAILED,
            channel=message.channel,
        )
        for message in messages
        if message.session_id in sessions
    ]


__all__ = ["TextGoneWrong", "messages_gone_wrong_for_staff", "texts_gone_wrong_for_staff", "texts_gone_wrong_rows"]
