"""What Gather holds about a family, and how it is handed over, erased and forgotten.

Each booking or waiting-list request makes a Contact (a first name, an email address
or phone number); requests from the same email or phone share one anonymous
`household_ref`, which bookings keep. A family is therefore every Contact with the
same household_ref, and that is what is exported, erased and purged. Once the
contacts are gone, the funder report can still count sessions, attendances and
distinct families from bookings without knowing who anyone was.

- `contact_export` gives everything held about one family, as data for JSON.
- `contact_erase` removes one family's personal details now (on request).
- `personal_data_purge` removes them for every family whose last session ended more
  than GATHER_PERSONAL_DATA_RETENTION_DAYS ago; `manage.py purge_personal_data` and
  the `personal_data_purge_daily` task call it.
- `contact_for_manage_token` / `contact_for_feed_token` open a family's private link
  or personal calendar feed only while it is still needed.
"""

import datetime as dt
import logging
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from .models import Booking, Contact, OutboundEmail, WaitingEntry
from .models.booking import LIVE_BOOKING_STATUSES, WaitingStatus, new_token

logger = logging.getLogger(__name__)

EXPORT_FORMAT_VERSION = 1
# What secrets.token_urlsafe makes (43 characters for 32 bytes); anything else is not
# a token and is refused before it reaches the database.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def household_contacts(contact: Contact) -> QuerySet:
    """Every contact row of the family `contact` belongs to, itself included."""
    return Contact.objects.filter(household_ref=contact.household_ref)


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _session_data(session) -> dict:
    venue = session.venue
    return {
        "group_or_workshop": session.page.title,
        "starts": _iso(session.start),
        "ends": _iso(session.end),
        "venue": f"{venue.name}, {venue.postcode}" if venue else None,
        "session_status": session.get_status_display(),
    }


def contact_export(*, contact: Contact) -> dict:
    """Everything held about one family, ready for `json.dumps`.

    Secret tokens are left out: they are keys to the family's private pages, not
    information about them, and an export may be emailed.
    """
    contacts = list(household_contacts(contact).order_by("created_at", "pk"))
    bookings = (
        Booking.objects.filter(contact__in=contacts)
        .select_related("session__page", "session__venue")
        .order_by("session__start", "pk")
    )
    waiting = (
        WaitingEntry.objects.filter(contact__in=contacts)
        .select_related("session__page", "session__venue")
        .order_by("session__start", "pk")
    )
    emails = OutboundEmail.objects.filter(contact__in=contacts).order_by("created_at", "pk")
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "household_reference": str(contact.household_ref),
        "contact_details": [
            {
                "first_name": each.first_name,
                "email": each.email,
                "phone": each.phone,
                "agreed_to_privacy_notice_at": _iso(each.consent_at),
                "given_at": _iso(each.created_at),
            }
            for each in contacts
        ],
        "bookings": [
            {
                **_session_data(booking.session),
                "adults": booking.adults,
                "children": booking.children,
                "creche_children": booking.creche_children,
                "children_ages": booking.children_ages,
                "access_needs": booking.access_needs,
                "status": booking.get_status_display(),
                "walk_in": booking.walk_in,
                "booked_at": _iso(booking.created_at),
                "last_changed_at": _iso(booking.updated_at),
            }
            for booking in bookings
        ],
        "waiting_list": [
            {
                **_session_data(entry.session),
                "adults": entry.adults,
                "children": entry.children,
                "creche_children": entry.creche_children,
                "children_ages": entry.children_ages,
                "access_needs": entry.access_needs,
                "status": entry.get_status_display(),
                "joined_at": _iso(entry.created_at),
                "last_changed_at": _iso(entry.updated_at),
            }
            for entry in waiting
        ],
        "emails": [
            {
                "about": email.get_kind_display(),
                "status": email.get_status_display(),
                "written_at": _iso(email.created_at),
                "sent_at": _iso(email.sent_at),
            }
            for email in emails
        ],
    }


def _strip_personal_details(contact_ids) -> dict:
    """Detach bookings and waiting entries from these contacts and delete the contacts.

    Bookings keep their session, numbers, status and household_ref: the anonymous
    counts. Free text a family typed (children's ages, access needs) goes, and so do
    their emails in the outbox (deleted with the contact).
    """
    bookings = Booking.objects.filter(contact_id__in=contact_ids).update(
        contact=None, children_ages="", access_needs=""
    )
    waiting = WaitingEntry.objects.filter(contact_id__in=contact_ids).update(
        contact=None, children_ages="", access_needs=""
    )
    OutboundEmail.objects.filter(contact_id__in=contact_ids).delete()
    contacts = Contact.objects.filter(pk__in=contact_ids).delete()[1].get(Contact._meta.label, 0)
    return {"contacts": contacts, "bookings": bookings, "waiting_entries": waiting}


def contact_erase(*, contact: Contact, by=None) -> dict:
    """Remove one family's personal details now, keeping anonymous counts.

    Their places in sessions still to come are given up first, through the booking
    services, so that the next family waiting gets the place; an erased family could
    not be told about changes anyway.
    """
    from . import services

    now = timezone.now()
    with transaction.atomic():
        contact_ids = list(household_contacts(contact).select_for_update().values_list("pk", flat=True))
        future = Q(contact_id__in=contact_ids, session__start__gt=now)
        for booking in Booking.objects.filter(future, status__in=LIVE_BOOKING_STATUSES):
            services.booking_cancel(booking=booking, by=by, notify=False)
        for entry in WaitingEntry.objects.filter(future, status=WaitingStatus.WAITING):
            services.waiting_leave(entry=entry)
        counts = _strip_personal_details(contact_ids)
    logger.info(
        "Erased a family's details on request: %(contacts)d contacts; %(bookings)d bookings and "
        "%(waiting_entries)d waiting entries kept as anonymous counts",
        counts,
    )
    return counts


def contacts_due_for_purge(*, now: dt.datetime | None = None) -> QuerySet:
    """Contacts of families with no session, and no new request, within the retention time."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GATHER_PERSONAL_DATA_RETENTION_DAYS)
    recent_households = Contact.objects.filter(
        Q(created_at__gte=cutoff) | Q(bookings__session__end__gte=cutoff) | Q(waiting_entries__session__end__gte=cutoff)
    ).values("household_ref")
    return Contact.objects.exclude(household_ref__in=recent_households)


def personal_data_purge(*, now: dt.datetime | None = None) -> dict:
    """Remove personal details held longer than the retention time after a family's last session.

    Also clears the free text on any booking or waiting entry whose session ended
    before then, including walk-ins who left no contact details. Safe to run again:
    a second run finds nothing.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GATHER_PERSONAL_DATA_RETENTION_DAYS)
    with transaction.atomic():
        counts = _strip_personal_details(list(contacts_due_for_purge(now=now).values_list("pk", flat=True)))
        has_notes = ~Q(children_ages="") | ~Q(access_needs="")
        counts["old_notes"] = Booking.objects.filter(has_notes, session__end__lt=cutoff).update(
            children_ages="", access_needs=""
        ) + WaitingEntry.objects.filter(has_notes, session__end__lt=cutoff).update(children_ages="", access_needs="")
    if any(counts.values()):
        logger.info(
            "Purged personal details: %(contacts)d contacts; %(bookings)d bookings and %(waiting_entries)d "
            "waiting entries kept as anonymous counts; notes cleared on %(old_notes)d older ones",
            counts,
        )
    return counts


@task()
def personal_data_purge_daily() -> dict:
    """For the task worker's daily schedule; `manage.py purge_personal_data` does the same."""
    return personal_data_purge()


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


def contact_for_feed_token(token: str, *, now: dt.datetime | None = None) -> Contact | None:
    """The contact a personal calendar feed belongs to, or None once the feed should no longer work."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _still_needed(Contact.objects.filter(feed_token=token), now or timezone.now()).distinct().first()


def contact_private_links_revoke(*, contact: Contact) -> Contact:
    """Stop the family's private booking links and personal calendar feeds working, at once.

    Covers every contact row of the family, for a family whose phone was lost or
    whose email was read by someone else. A new link is sent with the next email.
    """
    with transaction.atomic():
        for each in household_contacts(contact).select_for_update():
            each.manage_token = new_token()
            each.feed_token = new_token()
            each.save(update_fields=["manage_token", "feed_token"])
    contact.refresh_from_db()
    logger.info("Revoked the private links of household %s", contact.household_ref)
    return contact


__all__ = [
    "contact_erase",
    "contact_export",
    "contact_for_feed_token",
    "contact_for_manage_token",
    "contact_private_links_revoke",
    "contacts_due_for_purge",
    "household_contacts",
    "personal_data_purge",
    "personal_data_purge_daily",
]
