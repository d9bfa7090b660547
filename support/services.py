"""Every change to one-to-one slots and requests: the family's pages, the worker's admin and the commands call these.

A slot is locked (select_for_update) before anything decides whether it is free, so two
families asking for the same time at once get one request and one plain refusal. The
messages each change tells of are queued in the same transaction (support/notify.py).
"""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.language import language_clean
from events.recurrence import LOCAL_TZ, local_datetime
from events.services._locking import lock
from events.services.contacts import contact_create, name_clean
from events.services.places import BookingRefused
from home.text import text_clean
from support.models import (
    LIVE_REQUEST_STATUSES,
    SupportRequest,
    SupportRequestStatus,
    SupportRole,
    SupportSlot,
)
from support.notify import SupportMessageKind, SupportWorkerMessageKind, family_tell, worker_tell
from support.selectors import support_requests_for, support_requests_to_remind, support_slot_is_free

ABOUT_MAX_LENGTH = 300
WISH_MAX_LENGTH = 300
NOTE_MAX_LENGTH = 500
MAX_REPEAT_WEEKS = 26
MAX_LENGTH_MINUTES = 4 * 60


class SupportRefused(ValidationError):
    """A change that cannot go ahead; `message` is written for the family or worker."""


class SlotNotFree(SupportRefused):
    """The time was taken, withdrawn or has passed."""

    def __init__(self, message=None, code="slot_not_free", params=None):
        super().__init__(
            message or _("Sorry, this time is no longer free. Please choose another time."), code=code, params=params
        )


def _short_text(value: str, *, limit: int, field: str, multiline: bool = True) -> str:
    value = text_clean(value or "", multiline=multiline).strip()
    if len(value) > limit:
        raise SupportRefused(_("Please keep this to %(limit)s characters or fewer.") % {"limit": limit}, code=field)
    return value


def _locked_slot(slot: SupportSlot) -> SupportSlot:
    found = lock(SupportSlot.objects.filter(pk=slot.pk)).first()
    if found is None:
        raise SlotNotFree()
    return found


def _locked_request(request: SupportRequest) -> SupportRequest:
    return lock(SupportRequest.objects.filter(pk=request.pk)).select_related("contact", "slot", "worker").get()


def _may_act(request: SupportRequest, by) -> None:
    """Only the assigned worker and the programme's safeguarding lead change a request."""
    if by is None or not support_requests_for(by).filter(pk=request.pk).exists():
        raise PermissionDenied


# Roles -------------------------------------------------------------------------------

SUPPORT_GROUP_NAME = "One-to-one support"


def support_group_ensure():
    """The group every role holder is in: it lets them into the admin, where the roles decide the rest."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=SUPPORT_GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label="wagtailadmin", codename="access_admin")
            | Q(content_type__app_label="support", codename="work_one_to_one")
        )
    )
    return group


def support_role_add(*, area, user, role: str) -> SupportRole:
    """Make `user` a worker or the safeguarding lead of a programme (one lead each)."""
    with transaction.atomic():
        if role == SupportRole.Kind.LEAD and SupportRole.objects.filter(area=area, role=role).exists():
            raise SupportRefused(_("This programme already has a safeguarding lead."), code="lead")
        found, _created = SupportRole.objects.get_or_create(area=area, user=user, role=role)
        user.groups.add(support_group_ensure())
    return found


def support_role_remove(*, role: SupportRole) -> None:
    """Take a role away; with their last one the person leaves the one-to-one group too.

    Requests already assigned to a worker stay theirs (the request's worker), so the
    family is not lost; a lead no longer sees the programme's requests.
    """
    with transaction.atomic():
        user = role.user
        role.delete()
        if not SupportRole.objects.filter(user=user).exists():
            user.groups.remove(*user.groups.filter(name=SUPPORT_GROUP_NAME))


# The family's side ------------------------------------------------------------------


def support_request_create(
    *,
    slot: SupportSlot,
    first_name: str,
    email: str,
    phone: str,
    texts_agreed: bool,
    language: str,
    about: str,
    request_key: uuid.UUID | None,
) -> SupportRequest:
    """A family asks for `slot`: the slot is held, they get a confirmation and the worker an email.

    Sending the same form again (same `request_key`) returns the first request.
    Raises SlotNotFree when the time was taken meanwhile, SupportRefused (or
    events' BookingRefused, for names, numbers and addresses) for input it cannot keep.
    """
    language = language_clean(language)
    first_name = name_clean(first_name)
    if not first_name:
        raise SupportRefused(_("Please give a first name."), code="first_name")
    if len(first_name) > 60:
        raise SupportRefused(_("Please give a shorter first name."), code="first_name")
    email = email.strip()
    if not email and not phone.strip():
        raise SupportRefused(_("Please give an email address or a mobile number."), code="contact")
    about = _short_text(about, limit=ABOUT_MAX_LENGTH, field="about")
    try:
        with transaction.atomic():
            if request_key is not None and (earlier := SupportRequest.objects.filter(request_key=request_key).first()):
                return earlier
            slot = _locked_slot(slot)
            if not support_slot_is_free(slot):
                raise SlotNotFree()
            contact = contact_create(
                first_name=first_name, email=email, phone=phone, request_key=None, language=language, texts=texts_agreed
            )
            request = SupportRequest.objects.create(
                area=slot.area,
                slot=slot,
                worker=slot.worker,
                contact=contact,
                language=language,
                about=about,
                request_key=request_key,
            )
            family_tell(request=request, kind=SupportMessageKind.ASKED, key="asked")
            worker_tell(request=request, kind=SupportWorkerMessageKind.NEW)
    except IntegrityError:
        # The same form sent twice at the same moment, or the slot taken by another request.
        if request_key is not None and (earlier := SupportRequest.objects.filter(request_key=request_key).first()):
            return earlier
        raise SlotNotFree() from None
    return request


def support_request_cancel(*, request: SupportRequest) -> SupportRequest:
    """The family cancels: the time is free again, they get a confirmation and the worker is told."""
    with transaction.atomic():
        request = _locked_request(request)
        if request.status not in LIVE_REQUEST_STATUSES:
            raise SupportRefused(_("This request has already ended."), code="ended")
        request.status = SupportRequestStatus.CANCELLED
        request.offered_slot = None
        request.save(update_fields=["status", "offered_slot", "updated_at"])
        family_tell(request=request, kind=SupportMessageKind.CANCELLED, key="cancelled")
        worker_tell(request=request, kind=SupportWorkerMessageKind.CANCELLED)
    return request


def support_request_ask_other_time(*, request: SupportRequest, wish: str = "") -> SupportRequest:
    """The family asks for another time; their time stays held until a new one is agreed.

    Their short wish is kept for the worker to read in the admin, never emailed.
    """
    wish = _short_text(wish, limit=WISH_MAX_LENGTH, field="wish")
    with transaction.atomic():
        request = _locked_request(request)
        if request.status not in (SupportRequestStatus.ASKED, SupportRequestStatus.WANTS_OTHER_TIME):
            raise SupportRefused(_("This request can no longer be changed."), code="ended")
        request.status = SupportRequestStatus.WANTS_OTHER_TIME
        request.other_time_wish = wish
        request.save(update_fields=["status", "other_time_wish", "updated_at"])
        worker_tell(request=request, kind=SupportWorkerMessageKind.OTHER_TIME)
    return request


def support_offer_accept(*, request: SupportRequest) -> SupportRequest:
    """The family takes the time offered: it becomes their time, and the one before is free again."""
    with transaction.atomic():
        request = _locked_request(request)
        if request.status != SupportRequestStatus.OFFERED or request.offered_slot_id is None:
            raise SupportRefused(_("There is no other time waiting for your answer."), code="no_offer")
        offered = _locked_slot(request.offered_slot)
        if offered.withdrawn_at is not None or offered.starts_at <= timezone.now():
            raise SlotNotFree()
        request.slot = offered
        request.worker = offered.worker
        request.offered_slot = None
        request.status = SupportRequestStatus.ASKED
        request.save(update_fields=["slot", "worker", "offered_slot", "status", "updated_at"])
        family_tell(request=request, kind=SupportMessageKind.CONFIRMED, key=f"confirmed:{offered.pk}")
        worker_tell(request=request, kind=SupportWorkerMessageKind.ACCEPTED)
    return request


def support_offer_decline(*, request: SupportRequest) -> SupportRequest:
    """The family says no to the time offered: their first time stays held, and they still want another."""
    with transaction.atomic():
        request = _locked_request(request)
        if request.status != SupportRequestStatus.OFFERED:
            raise SupportRefused(_("There is no other time waiting for your answer."), code="no_offer")
        request.offered_slot = None
        request.status = SupportRequestStatus.WANTS_OTHER_TIME
        request.save(update_fields=["offered_slot", "status", "updated_at"])
        worker_tell(request=request, kind=SupportWorkerMessageKind.DECLINED)
    return request


# The worker's side ------------------------------------------------------------------


def weekly_starts(first_start: dt.datetime, repeat_weeks: int) -> list[dt.datetime]:
    """`first_start` and the same wall-clock time on the next `repeat_weeks` weeks, in Europe/London.

    Adding 7 days to the local date, not 168 hours, keeps 10:00 at 10:00 across a clock change.
    """
    local = first_start.astimezone(LOCAL_TZ)
    return [local_datetime(local.date() + dt.timedelta(weeks=week), local.time()) for week in range(repeat_weeks + 1)]


def support_slots_create(
    *,
    area,
    worker,
    first_start: dt.datetime,
    length_minutes: int,
    mode: str,
    venue=None,
    repeat_weeks: int = 0,
) -> list[SupportSlot]:
    """The worker offers a time, and the same time on each of the next `repeat_weeks` weeks.

    `first_start` is aware (the admin reads it as Europe/London wall-clock time).
    """
    if not 5 <= length_minutes <= MAX_LENGTH_MINUTES:
        raise SupportRefused(
            _("A session lasts between 5 minutes and %(hours)s hours.") % {"hours": MAX_LENGTH_MINUTES // 60},
            code="length",
        )
    if not 0 <= repeat_weeks <= MAX_REPEAT_WEEKS:
        raise SupportRefused(
            _("Repeat for at most %(weeks)s weeks.") % {"weeks": MAX_REPEAT_WEEKS}, code="repeat_weeks"
        )
    if mode == SupportSlot.Mode.VENUE and venue is None:
        raise SupportRefused(_("Choose the venue for a session in person."), code="venue")
    if mode != SupportSlot.Mode.VENUE:
        venue = None
    if first_start <= timezone.now():
        raise SupportRefused(_("Choose a time still to come."), code="first_start")
    series = uuid.uuid4() if repeat_weeks else None
    length = dt.timedelta(minutes=length_minutes)
    with transaction.atomic():
        return [
            SupportSlot.objects.create(
                area=area, worker=worker, starts_at=start, ends_at=start + length, mode=mode, venue=venue, series=series
            )
            for start in weekly_starts(first_start, repeat_weeks)
        ]


def support_slot_withdraw(*, slot: SupportSlot, by=None) -> SupportSlot:
    """The worker takes a time back: a family holding it is told, and an open offer of it is taken back."""
    with transaction.atomic():
        slot = _locked_slot(slot)
        if slot.withdrawn_at is not None:
            return slot
        slot.withdrawn_at = timezone.now()
        slot.save(update_fields=["withdrawn_at"])
        held = lock(SupportRequest.objects.filter(slot=slot, status__in=LIVE_REQUEST_STATUSES)).select_related(
            "contact"
        )
        for request in held:
            request.status = SupportRequestStatus.WITHDRAWN
            request.offered_slot = None
            request.save(update_fields=["status", "offered_slot", "updated_at"])
            family_tell(request=request, kind=SupportMessageKind.WITHDRAWN, key="withdrawn")
        # A family offered this time keeps their own and still wants another.
        lock(SupportRequest.objects.filter(offered_slot=slot, status=SupportRequestStatus.OFFERED)).update(
            offered_slot=None, status=SupportRequestStatus.WANTS_OTHER_TIME, updated_at=timezone.now()
        )
    return slot


def support_offer_time(*, request: SupportRequest, slot: SupportSlot, by) -> SupportRequest:
    """The worker offers the family another of their free times; the family accepts or declines it."""
    _may_act(request, by)
    with transaction.atomic():
        request = _locked_request(request)
        if request.status not in LIVE_REQUEST_STATUSES:
            raise SupportRefused(_("This request has already ended."), code="ended")
        slot = _locked_slot(slot)
        if slot.worker_id != request.worker_id or slot.area_id != request.area_id or slot.pk == request.slot_id:
            raise SupportRefused(_("Choose another of the worker's free times."), code="slot")
        if not support_slot_is_free(slot):
            raise SlotNotFree(_("This time is no longer free. Choose another."))
        request.offered_slot = slot
        request.status = SupportRequestStatus.OFFERED
        request.save(update_fields=["offered_slot", "status", "updated_at"])
        family_tell(request=request, kind=SupportMessageKind.OFFERED, key=f"offered:{slot.pk}")
    return request


def support_request_mark(*, request: SupportRequest, held: bool, by) -> SupportRequest:
    """After the time: the session took place, or the family did not come."""
    _may_act(request, by)
    with transaction.atomic():
        request = _locked_request(request)
        if request.status not in (
            SupportRequestStatus.ASKED,
            SupportRequestStatus.WANTS_OTHER_TIME,
            SupportRequestStatus.HELD,
            SupportRequestStatus.NOT_HELD,
        ):
            raise SupportRefused(_("Only a request with an agreed time can be marked."), code="status")
        if request.slot.starts_at > timezone.now():
            raise SupportRefused(_("This session has not started yet."), code="not_yet")
        request.status = SupportRequestStatus.HELD if held else SupportRequestStatus.NOT_HELD
        request.held_at = timezone.now() if held else None
        request.offered_slot = None
        request.save(update_fields=["status", "held_at", "offered_slot", "updated_at"])
    return request


def support_note_set(*, request: SupportRequest, note: str, by) -> SupportRequest:
    """The worker's short note, kept with the request and purged with the family's details."""
    _may_act(request, by)
    note = _short_text(note, limit=NOTE_MAX_LENGTH, field="note")
    with transaction.atomic():
        request = _locked_request(request)
        request.note = note
        request.save(update_fields=["note", "updated_at"])
    return request


def support_reminders_queue(*, today: dt.date | None = None) -> int:
    """Remind each family whose agreed time is tomorrow (local); once per request and time."""
    today = today or timezone.localdate()
    requests = list(support_requests_to_remind(day=today + dt.timedelta(days=1)))
    with transaction.atomic():
        for request in requests:
            family_tell(request=request, kind=SupportMessageKind.REMINDER, key=f"reminder:{request.slot_id}")
    return len(requests)


# Privacy (called through the hooks in support/wagtail_hooks.py) -------------------------


def _anonymise(requests) -> dict:
    """Keep held sessions as anonymous counts; remove every other request, and what was sent about them."""
    from messaging.services import messages_delete_about

    messages_delete_about(requests)
    removed = requests.exclude(status=SupportRequestStatus.HELD).delete()[1].get(SupportRequest._meta.label, 0)
    held = requests.filter(status=SupportRequestStatus.HELD).update(
        contact=None, about="", note="", other_time_wish="", language="", request_key=None
    )
    return {"support_requests_kept_as_counts": held, "support_requests_removed": removed}


def support_requests_erase(contact_ids) -> dict:
    """Before these contacts are deleted: their requests go, except held ones, kept without anything personal."""
    return _anonymise(SupportRequest.objects.filter(contact_id__in=list(contact_ids)))


def support_requests_purge(*, now: dt.datetime | None = None) -> dict:
    """Requests whose time ended more than the retention time ago, treated as an erasure."""
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GATHER_PERSONAL_DATA_RETENTION_DAYS)
    old = SupportRequest.objects.filter(slot__ends_at__lt=cutoff).exclude(
        contact__isnull=True, about="", note="", other_time_wish="", language=""
    )
    return _anonymise(old)


__all__ = [
    "BookingRefused",
    "SlotNotFree",
    "SupportRefused",
    "support_note_set",
    "support_offer_accept",
    "support_offer_decline",
    "support_offer_time",
    "support_request_ask_other_time",
    "support_request_cancel",
    "support_request_create",
    "support_request_mark",
    "support_role_add",
    "support_role_remove",
    "support_requests_erase",
    "support_reminders_queue",
    "support_requests_purge",
    "support_slot_withdraw",
    "support_slots_create",
    "weekly_starts",
]
