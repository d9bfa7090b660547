"""Reads for one-to-one support.

Requests are confidential: `support_requests_for(user)` is the one way staff reach them,
and it answers only the assigned worker and the programme's safeguarding lead. Holding
a whole-site permission, or being a superuser, gives nothing here: the role is what counts.
Families reach their own request only from their private link (`support_request_for_contact`).
"""

import datetime as dt
import re

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import Contact
from events.recurrence import LOCAL_TZ
from home.page_listings import listing_for
from support.models import LIVE_REQUEST_STATUSES, SupportRequest, SupportRequestStatus, SupportRole, SupportSlot

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SHORT_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,16}")


def _same_area(area) -> Q:
    """The area in any language: slots and roles point at the programme's page in the site's language."""
    return Q(area__translation_key=area.translation_key)


def slot_held_q() -> Q:
    """Condition on slots: a live request holds it, or an open offer of another time does."""
    return Q(Exists(SupportRequest.objects.filter(slot=OuterRef("pk"), status__in=LIVE_REQUEST_STATUSES))) | Q(
        Exists(SupportRequest.objects.filter(offered_slot=OuterRef("pk"), status=SupportRequestStatus.OFFERED))
    )


def slots_free() -> QuerySet:
    """Every free slot: not withdrawn, still to come, and held by no request or offer."""
    return (
        SupportSlot.objects.filter(withdrawn_at__isnull=True, starts_at__gt=timezone.now())
        .exclude(slot_held_q())
        .select_related("venue")
        .order_by("starts_at", "pk")
    )


def support_slots_free(*, area, now: dt.datetime | None = None) -> list[SupportSlot]:
    """A programme's free times, for its public page: times, mode and venue; never who asked for what."""
    now = now or timezone.now()
    return list(
        SupportSlot.objects.filter(_same_area(area), withdrawn_at__isnull=True, starts_at__gt=now)
        .exclude(slot_held_q())
        .select_related("venue")
        .order_by("starts_at", "pk")
    )


@listing_for("support.SupportPage")
def support_page_listing(*, page, request) -> dict:
    """The one-to-one page lists its programme's free times (the area above it, in any language)."""
    return {"slots": support_slots_free(area=page.get_parent())}


def support_slot_is_free(slot: SupportSlot, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        SupportSlot.objects.filter(pk=slot.pk, withdrawn_at__isnull=True, starts_at__gt=now)
        .exclude(slot_held_q())
        .exists()
    )


def worker_slots_free(*, worker, area, now: dt.datetime | None = None) -> QuerySet:
    """The worker's own free times in the area: those they can offer a family instead."""
    now = now or timezone.now()
    return (
        SupportSlot.objects.filter(_same_area(area), worker=worker, withdrawn_at__isnull=True, starts_at__gt=now)
        .exclude(slot_held_q())
        .select_related("venue")
        .order_by("starts_at", "pk")
    )


def support_role_holder(user) -> bool:
    """Whether `user` works one-to-one sessions or is a safeguarding lead anywhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    return SupportRole.objects.filter(user=user).exists()


def support_lead_areas(user) -> QuerySet:
    """The translation keys of the areas `user` is the safeguarding lead of."""
    return SupportRole.objects.filter(user=user, role=SupportRole.Kind.LEAD).values("area__translation_key")


def support_requests_for(user) -> QuerySet:
    """THE way to read requests: those assigned to `user`, and all of the areas they are safeguarding lead of.

    Nobody else sees any, superusers and whole-site staff included.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SupportRequest.objects.none()
    return SupportRequest.objects.filter(
        Q(worker=user) | Q(area__translation_key__in=support_lead_areas(user))
    ).select_related("slot", "slot__venue", "offered_slot", "area", "worker")


def support_slots_for(user) -> QuerySet:
    """The slots `user` may manage: their own, and every slot of the areas they are safeguarding lead of."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SupportSlot.objects.none()
    return SupportSlot.objects.filter(
        Q(worker=user) | Q(area__translation_key__in=support_lead_areas(user))
    ).select_related("venue", "area", "worker")


def support_requests_waiting_count(user) -> int:
    """Requests that need the worker or lead: new ones and families who asked for another time."""
    return (
        support_requests_for(user)
        .filter(
            status__in=[SupportRequestStatus.ASKED, SupportRequestStatus.WANTS_OTHER_TIME],
            slot__ends_at__gt=timezone.now(),
        )
        .count()
    )


def support_request_for_contact(contact: Contact) -> SupportRequest | None:
    """The family's own request, from their private link (each request has a contact of its own)."""
    if contact is None:
        return None
    return (
        SupportRequest.objects.filter(contact=contact)
        .select_related("slot", "slot__venue", "offered_slot", "offered_slot__venue", "area")
        .order_by("-created_at", "-pk")
        .first()
    )


def support_requests_for_contacts(contacts) -> list[SupportRequest]:
    """Every request of these contacts (a privacy unit), for the family's own export."""
    return list(
        SupportRequest.objects.filter(contact__in=contacts)
        .select_related("slot", "slot__venue", "area")
        .order_by("created_at", "pk")
    )


def support_contact_for_manage_token(token: str, *, now: dt.datetime | None = None) -> Contact | None:
    """The contact of a one-to-one private link, while it is still needed.

    As booking links (events/selectors/privacy.py): it works until
    GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION days after the request's time (or the
    time offered instead), and stops at once when the links are reset.
    """
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _still_needed(Contact.objects.filter(manage_token=token), now)


def support_contact_for_text_token(token: str, *, now: dt.datetime | None = None) -> Contact | None:
    """The contact of the short link in a one-to-one text, while it is still needed (as above)."""
    if not SHORT_TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _still_needed(Contact.objects.filter(text_token=token), now)


def _still_needed(contacts: QuerySet, now: dt.datetime | None) -> Contact | None:
    since = (now or timezone.now()) - dt.timedelta(days=settings.GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION)
    return (
        contacts.filter(
            Q(support_requests__slot__ends_at__gte=since) | Q(support_requests__offered_slot__ends_at__gte=since)
        )
        .distinct()
        .first()
    )


def support_requests_to_remind(*, day: dt.date) -> QuerySet:
    """Agreed requests whose time is on `day` (local): the families to remind the day before."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)
    end = start + dt.timedelta(days=1)
    return SupportRequest.objects.filter(
        status=SupportRequestStatus.ASKED,
        contact__isnull=False,
        slot__withdrawn_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    ).select_related("contact", "slot")


def _period(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time.min, tzinfo=LOCAL_TZ)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ)


def support_sessions_held_per_area(*, areas: QuerySet, first: dt.date, last: dt.date) -> QuerySet:
    """`areas` (AreaPages), each with `support_sessions_held` for the period, in one query; by title."""
    start, end = _period(first, last)
    held = (
        SupportRequest.objects.filter(
            area__translation_key=OuterRef("translation_key"),
            status=SupportRequestStatus.HELD,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return areas.annotate(support_sessions_held=Coalesce(Subquery(held), 0)).order_by("title")


def support_sessions_held(*, first: dt.date, last: dt.date, areas=None) -> dict[int, int]:
    """How many sessions took place in each area (by id) from `first` to `last` (local dates, inclusive).

    Counts only: never who came or what it was about. `areas` narrows to these areas
    (pages, matched in any language).
    """
    start, end = _period(first, last)
    held = SupportRequest.objects.filter(
        status=SupportRequestStatus.HELD, slot__starts_at__gte=start, slot__starts_at__lt=end
    )
    if areas is not None:
        held = held.filter(area__translation_key__in=[area.translation_key for area in areas])
    return dict(held.values("area_id").annotate(count=Count("pk")).values_list("area_id", "count"))
