"""A group leader's message to every family booked on a session, sent through the outbox."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from events.models.messages import MessageKind
from events.models.notices import SessionNotice
from events.models.schedules import Session, SessionStatus
from events.selectors.notices import session_notice_reach
from events.services._locking import locked_session
from events.services_notify import family_notify
from events.texts import session_notice_too_long_by
from home.text import text_clean


def session_notice_too_long_error(too_long: int) -> ValidationError:
    return ValidationError(
        ngettext(
            "This is too long for a text by %(count)s character. Please shorten it.",
            "This is too long for a text by %(count)s characters. Please shorten it.",
            too_long,
        )
        % {"count": too_long},
        code="too_long",
    )


def session_notice_send(*, session: Session, message: str, by=None) -> SessionNotice:
    """Send `message` to every family with a confirmed booking on `session`, by each channel they chose.

    The message goes as the leader wrote it, in whatever languages they wrote it in,
    lines and all; only control and invisible formatting characters are taken out
    (home/text.py). It is refused when empty, when the session is cancelled or over,
    when nobody booked can be reached, and when it would not fit in a text to a
    family who gets texts. The notice returned carries `families_told`: how many
    families it was queued for.
    """
    message = text_clean(message, multiline=True).strip()
    if not message:
        raise ValidationError(_("Write the message to send."), code="empty")
    with transaction.atomic():
        session = locked_session(session)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(
                _("This session is cancelled, so there is nothing to tell its families about it."), code="cancelled"
            )
        if session.end <= timezone.now():
            raise ValidationError(
                _("This session is over, so its families cannot be sent a message about it."), code="past"
            )
        reach = session_notice_reach(session=session)
        if not reach.families:
            raise ValidationError(_("Nobody booked on this session can be sent a message."), code="nobody")
        too_long = session_notice_too_long_by(session=session, message=message, languages=reach.text_languages)
        if too_long:
            raise session_notice_too_long_error(too_long)
        notice = SessionNotice.objects.create(session=session, message=message, written_by=by)
        told = set()
        for booking in reach.bookings:
            queued = family_notify(
                kind=MessageKind.SESSION_NOTICE,
                contact=booking.contact,
                about=notice,
                dedupe_key=f"session_notice:{notice.pk}:contact:{booking.contact_id}",
            )
            if queued:
                told.add(booking.contact_id)
        log(instance=session, action="events.session_notice", user=by, data={"notice": notice.pk})
    notice.families_told = len(told)
    return notice


__all__ = ["session_notice_send", "session_notice_too_long_error"]
