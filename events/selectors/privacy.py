"""Reads about a family's data: its privacy unit, its private links and who is due for removal.

See events/services/privacy.py for what a privacy unit is and why it follows proofs.
"""

import datetime as dt
import re

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from events.models import Contact, ErasureRecord
from events.models.erasures import contact_erasure_digest

# What secrets.token_urlsafe makes (43 characters for 32 bytes); anything else is not
# a token and is refused before it reaches the database.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SHORT_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,16}")


def address_proven_on_record(contact: Contact) -> bool:
    """For staff, who act on what families proved earlier rather than in this request."""
    return bool(contact.email and contact.email_proven_at)


def privacy_unit(contact: Contact, *, address_proven: bool = False) -> QuerySet:
    """The contacts a request about `contact` may act on: itself, and, when the request proved
    its address, every other contact whose emailed link to that same address was opened.
    """
    if not (address_proven and contact.email):
        return Contact.objects.filter(pk=contact.pk)
    return Contact.objects.filter(Q(pk=contact.pk) | Q(email__iexact=contact.email, email_proven_at__isnull=False))


def contacts_due_for_purge(*, now: dt.datetime | None = None) -> QuerySet:
    """Contacts whose privacy unit had no session, and no new request, within the retention time.

    Units as the staff see them (recorded proofs), so a stranger who typed someone's
    address cannot keep that family's details from being removed.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GATHER_PERSONAL_DATA_RETENTION_DAYS)
    recent = Contact.objects.filter(
        Q(created_at__gte=cutoff) | Q(bookings__session__end__gte=cutoff) | Q(waiting_entries__session__end__gte=cutoff)
    )
    recent_proven_addresses = (
        recent.filter(email_proven_at__isnull=False)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
    )
    return (
        Contact.objects.exclude(pk__in=recent.values("pk"))
        .annotate(address=Lower("email"))
        .exclude(email_proven_at__isnull=False, address__in=recent_proven_addresses)
    )


def contacts_erased_on_record(*, digests: set[str] | None = None) -> QuerySet:
    """Contacts erased on request that are here again, as after a restore from an older backup.

    `digests` are the erased contacts' hashes; by default those in the database. The
    database cannot compute a keyed hash, so each contact's is computed here: two
    queries, and a hash per contact, which a charity's few thousand families make quick.
    """
    erased = set(ErasureRecord.objects.values_list("contact_digest", flat=True)) if digests is None else digests
    if not erased:
        return Contact.objects.none()
    back = [
        contact_id
        for contact_id, created_at in Contact.objects.values_list("pk", "created_at").iterator()
        if contact_erasure_digest(contact_id=contact_id, created_at=created_at) in erased
    ]
    return Contact.objects.filter(pk__in=back).order_by("pk")


def _still_needed(contacts: QuerySet, now: dt.datetime) -> QuerySet:
    """Contacts with a booking or waiting place in a session that ended less than the grace period ago."""
    since = now - dt.timedelta(days=settings.GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION)
    return contacts.filter(Q(bookings__session__end__gte=since) | Q(waiting_entries__session__end__gte=since))


def contact_for_manage_token(token: str, *, now: dt.datetime | None = None) -> Contact | None:
    """The contact a private booking link belongs to, or None once the link should no longer work.

    A link stops working GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION days after the last
    session it was for, and at once when it is reset.
    """
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _still_needed(Contact.objects.filter(manage_token=token), now or timezone.now()).distinct().first()


def contact_for_text_token(token: str, *, now: dt.datetime | None = None) -> Contact | None:
    """The contact whose short link from a text this is, or None once it should no longer work (as above)."""
    if not SHORT_TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _still_needed(Contact.objects.filter(text_token=token), now or timezone.now()).distinct().first()


def contact_for_feed_token(token: str, *, now: dt.datetime | None = None) -> Contact | None:
    """The contact a personal calendar feed belongs to, or None once the feed should no longer work."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _still_needed(Contact.objects.filter(feed_token=token), now or timezone.now()).distinct().first()
