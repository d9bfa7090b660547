"""Anonymous check-ins: inviting families after their first session and weeks later, and storing answers.

Why no answer can be traced back to a family is explained in events/models/check_ins.py.
`check_in_invitations_queue` runs daily (manage.py send_check_in_invitations); it also
cuts the links of invitations whose messages have left, and removes expired ones.
"""

import datetime as dt
import hashlib
import secrets
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from events.models.bookings import Booking, BookingStatus
from events.models.check_ins import CheckInAnswer, CheckInInvitation, CheckInKind
from events.models.contacts import Contact
from events.models.messages import CheckInMessageKind
from events.models.pages import GroupPage
from events.services_notify import channel_dedupe_key, family_channels, family_notify
from messaging.channels.email import EMAIL
from messaging.channels.text import TEXT
from messaging.models import MessageStatus, OutboundMessage
from messaging.selectors import dedupe_keys_queued

MESSAGE_KIND = {CheckInKind.FIRST: CheckInMessageKind.FIRST, CheckInKind.LATER: CheckInMessageKind.LATER}
# A job that did not run for a few days still invites the families it missed.
CATCH_UP_DAYS = 7


class CheckInRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "used" (or never valid) or "expired"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def later_weeks_by_group() -> dict[int, list[int]]:
    """Weeks after the first session -> the groups whose later check-in comes then.

    Each group's own number, or the site's usual `CHECK_IN_LATER_WEEKS` where it has
    none; a group that set 0 asks only once and is left out.
    """
    by_weeks = defaultdict(list)
    for group_id, weeks in GroupPage.objects.values_list("pk", "check_in_later_weeks"):
        weeks = settings.CHECK_IN_LATER_WEEKS if weeks is None else weeks
        if weeks:
            by_weeks[weeks].append(group_id)
    return dict(by_weeks)


def _first_sessions_between(first: dt.date, last: dt.date, *, group_ids):
    """(contact id, group id) of each family whose first attended session at one of `group_ids` fell
    from `first` to `last`."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return (
        Booking.objects.filter(status=BookingStatus.ATTENDED, contact__isnull=False, session__page_id__in=group_ids)
        .values("contact_id", "session__page_id")
        .annotate(first_start=Min("session__start"))
        .filter(first_start__gte=start, first_start__lt=end)
        .values_list("contact_id", "session__page_id")
    )


def _dedupe_key(kind: str, group_id: int, contact_id: int) -> str:
    return f"check_in_{kind}:{group_id}:{contact_id}"


def _invite(*, kind: str, contact: Contact, group_id: int, today: dt.date) -> int:
    token = secrets.token_urlsafe(16)
    invitation = CheckInInvitation.objects.create(
        group_id=group_id,
        kind=kind,
        expires_on=today + dt.timedelta(days=settings.CHECK_IN_VALID_DAYS),
        token_hash=token_hash(token),
        token_to_send=token,
    )
    return len(
        family_notify(
            kind=MESSAGE_KIND[kind],
            contact=contact,
            about=invitation,
            dedupe_key=_dedupe_key(kind, group_id, contact.pk),
        )
    )


def check_in_invitations_queue(*, today: dt.date | None = None) -> int:
    """Invite each family whose first attended session at a group was yesterday, or the group's
    later check-in weeks ago (`GroupPage.check_in_later_weeks`, else `CHECK_IN_LATER_WEEKS`).

    By each channel the family chose, in their language; returns how many messages were
    queued. Safe to run as often as you like: a family is invited once of each kind per group.
    """
    today = today or timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    windows = [(CheckInKind.FIRST, yesterday, GroupPage.objects.values("pk"))]
    for weeks, group_ids in sorted(later_weeks_by_group().items()):
        windows.append((CheckInKind.LATER, today - dt.timedelta(weeks=weeks), group_ids))
    queued = 0
    with transaction.atomic():
        check_in_links_clear(today=today)
        for kind, last, group_ids in windows:
            first = last - dt.timedelta(days=CATCH_UP_DAYS)
            pairs = list(_first_sessions_between(first, last, group_ids=group_ids))
            contacts = Contact.objects.in_bulk({contact_id for contact_id, _group in pairs})
            keys = [
                channel_dedupe_key(channel, _dedupe_key(kind, group_id, contact_id))
                for contact_id, group_id in pairs
                for channel in (EMAIL, TEXT)
            ]
            already = dedupe_keys_queued(keys)
            for contact_id, group_id in pairs:
                contact = contacts.get(contact_id)
                channels = family_channels(contact) if contact else []
                key = _dedupe_key(kind, group_id, contact_id)
                if not channels or any(channel_dedupe_key(channel, key) in already for channel in (EMAIL, TEXT)):
                    continue
                queued += _invite(kind=kind, contact=contact, group_id=group_id, today=today)
    return queued


def _messages_about(invitations) -> QuerySet:
    return OutboundMessage.objects.filter(
        about_type=ContentType.objects.get_for_model(CheckInInvitation), about_id__in=invitations.values("pk")
    )


def check_in_links_clear(*, today: dt.date | None = None) -> int:
    """Cut every tie between a family's messages and invitations whose messages have all left; drop expired ones.

    Returns how many invitations were cut loose or removed.
    """
    today = today or timezone.localdate()
    pending = _messages_about(CheckInInvitation.objects.all()).filter(status=MessageStatus.PENDING)
    finished = CheckInInvitation.objects.exclude(token_to_send="").exclude(pk__in=pending.values("about_id"))
    expired = CheckInInvitation.objects.filter(expires_on__lt=today)
    _messages_about(finished | expired).update(about_type=None, about_id=None)
    cut = finished.update(token_to_send="")
    return cut + expired.delete()[0]


def check_in_answer_store(*, token: str, lonely: str = "", welcome: str = "", service_used: str = "") -> CheckInAnswer:
    """Store one family's answers and destroy their invitation, in one transaction.

    Raises CheckInRefused("used") for a link already used (or never given), "expired" for an old one.
    """
    today = timezone.localdate()
    with transaction.atomic():
        invitation = CheckInInvitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
        if invitation is None:
            raise CheckInRefused("used")
        if invitation.expires_on < today:
            raise CheckInRefused("expired")
        answer = CheckInAnswer(
            group_id=invitation.group_id,
            month=today.replace(day=1),
            kind=invitation.kind,
            lonely=lonely,
            welcome=welcome,
            service_used=service_used,
        )
        answer.full_clean()
        answer.save()
        invited = CheckInInvitation.objects.filter(pk=invitation.pk)
        _messages_about(invited).update(about_type=None, about_id=None)
        invited.delete()
    return answer


__all__ = [
    "CheckInRefused",
    "check_in_answer_store",
    "check_in_invitations_queue",
    "check_in_links_clear",
]
