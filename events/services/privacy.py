"""What Gather holds about a family, and how it is handed over, erased and forgotten.

Each booking or waiting-list request makes a Contact (a first name, an email address
or phone number). Who may see or change a contact's details follows what someone can
prove, never what they typed:

- A contact's secret link (and its calendar feed) acts on that contact alone. The
  link is shown to whoever sent the booking form, so holding it proves nothing about
  the email address or phone number typed into it: anyone can type anyone's.
- Links we email carry a proof (`email_proof`: a signature of the contact and its
  address). Opening one records `email_proven_at` on the contact, because only
  someone who reads that mailbox could have opened it. A contact whose address is
  proven is joined by the other contacts with the same address whose own emailed
  links were opened: together they are one privacy unit (`privacy_unit`).
- In a public request the wider unit applies only while that request carries the
  proof, so a stranger who later holds a plain link of a proven contact still acts
  on that one contact. Staff act on the unit the recorded proofs give.
- The unit is what is exported, erased, has its links reset and is purged.

`household_ref` is something else: an anonymous reference, shared by contacts with
the same email (any case) or phone number (in E.164 form), and copied onto bookings
so that the funder report counts distinct families, even after the purge. Matching
what was typed is fine for a count, which shows nobody anything; it is never used
to decide whose data a request may reach.

- `contact_export` gives everything held about one unit, as data for JSON.
- `contact_erase` removes one unit's personal details now (on request), and remembers
  each contact it erased without their details (events/models/erasures.py).
- `erasures_reapply` erases again the contacts a restore from an older backup brought
  back; run it as `manage.py reapply_erasures` after every restore.
- `personal_data_purge` removes them for every unit whose last session ended more
  than GATHER_PERSONAL_DATA_RETENTION_DAYS ago; the platform's scheduler runs it
  daily as `manage.py purge_personal_data`.
- `contact_for_manage_token` / `contact_for_feed_token` open a contact's private link
  or personal calendar feed only while it is still needed.

Apps above events hold personal data of their own about contacts (one-to-one support);
events reaches them only through Wagtail hooks, never by importing them:
- "contact_privacy_export"(contacts, viewer) -> a dict of export sections, and
  "contact_privacy_field_names"() -> what their names mean. `viewer` is None for the
  family's own export; a staff user gets only what that user may see.
- "contact_privacy_erase"(contact_ids) -> counts, called before the contacts are deleted
  (on request and in the purge alike).
- "personal_data_purge"(now) -> counts: their own rows held past the retention time.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy, override
from wagtail import hooks

from events.contact_details import email_normalise
from events.models import Booking, Contact, ErasureRecord, WaitingEntry
from events.models.bookings import LIVE_BOOKING_STATUSES, WaitingStatus
from events.models.contacts import new_short_token, new_token
from events.models.messages import family_message_label
from events.models.topics import SuggestionStatus, TopicSuggestion, TopicVote
from events.selectors.bookings import contacts_bookings
from events.selectors.privacy import (
    contacts_due_for_purge,
    contacts_erased_on_record,
    privacy_unit,
)
from events.selectors.topics import contacts_suggestions, contacts_votes
from events.services.bookings import booking_cancel
from events.services.erasures import erasure_records_add, erasure_records_sync
from events.services.waiting_list import waiting_leave
from messaging.selectors import messages_for, text_numbers_stopped
from messaging.services import messages_delete_about, messages_delete_for

logger = logging.getLogger(__name__)

EXPORT_FORMAT_VERSION = 1
# Named after the module this began in: links already emailed carry signatures made with it.
EMAIL_PROOF_SALT = "events.privacy.email_proof"


def email_proof(contact: Contact) -> str:
    """The proof put into links emailed to `contact`; it changes if the address does."""
    return signing.Signer(salt=EMAIL_PROOF_SALT).signature(f"{contact.pk}:{email_normalise(contact.email)}")


def email_proof_valid(contact: Contact, proof: str) -> bool:
    if not contact.email or not proof:
        return False
    return constant_time_compare(proof, email_proof(contact))


def contact_email_prove(*, contact: Contact, proof: str) -> bool:
    """Record that `contact`'s address is proven, when `proof` came from a link we emailed there.

    Returns whether this request proved it.
    """
    if not email_proof_valid(contact, proof):
        return False
    if contact.email_proven_at is None:
        contact.email_proven_at = timezone.now()
        Contact.objects.filter(pk=contact.pk, email_proven_at__isnull=True).update(
            email_proven_at=contact.email_proven_at
        )
    return True


# What each name in the export means, given with the export in the reader's language:
# the names themselves stay as they are, so that the file reads the same to a program.
FIELD_NAMES = {
    "format_version": gettext_lazy("Which version of this file's layout this is"),
    "exported_at": gettext_lazy("When this file was made"),
    "contact_details": gettext_lazy("Contact details we hold"),
    "first_name": gettext_lazy("First name"),
    "email": gettext_lazy("Email address"),
    "phone": gettext_lazy("Phone number"),
    "agreed_to_privacy_notice_at": gettext_lazy("When you agreed to the privacy notice"),
    "given_at": gettext_lazy("When you gave these details"),
    "agreed_to_texts_at": gettext_lazy("When you agreed to text messages (empty: no texts)"),
    "texts_stopped_by_reply": gettext_lazy("Whether your number replied STOP to our texts"),
    "bookings": gettext_lazy("Bookings"),
    "group_or_workshop": gettext_lazy("Group or workshop"),
    "starts": gettext_lazy("Starts"),
    "ends": gettext_lazy("Ends"),
    "venue": gettext_lazy("Venue"),
    "session_status": gettext_lazy("Whether the session went ahead"),
    "adults": gettext_lazy("Adults"),
    "children": gettext_lazy("Children"),
    "creche_children": gettext_lazy("Children in the creche"),
    "children_ages": gettext_lazy("Children's ages"),
    "access_needs": gettext_lazy("Access needs"),
    "status": gettext_lazy("Status"),
    "language": gettext_lazy("Language"),
    "walk_in": gettext_lazy("Came without booking"),
    "booked_at": gettext_lazy("When you booked"),
    "last_changed_at": gettext_lazy("When it last changed"),
    "waiting_list": gettext_lazy("Waiting lists"),
    "joined_at": gettext_lazy("When you joined the waiting list"),
    "emails": gettext_lazy("Emails and texts we sent or will send you"),
    "about": gettext_lazy("What the message is about"),
    "channel": gettext_lazy("By email or by text"),
    "written_at": gettext_lazy("When the message was written"),
    "sent_at": gettext_lazy("When it was sent"),
    "field_names": gettext_lazy("What each name in this file means"),
    "topic_suggestions": gettext_lazy("Topics you suggested"),
    "title": gettext_lazy("Topic"),
    "group_or_area": gettext_lazy("Group or area"),
    "leader_reply": gettext_lazy("The leader's reply"),
    "suggested_at": gettext_lazy("When you suggested it"),
    "topic_votes": gettext_lazy("Your votes for topics"),
    "voted_at": gettext_lazy("When you voted"),
}


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _session_data(session) -> dict:
    venue = session.venue
    return {
        "group_or_workshop": session.page.title,
        "starts": _iso(session.start),
        "ends": _iso(session.end),
        "venue": f"{venue.name}, {venue.postcode}" if venue else None,
        "session_status": str(session.get_status_display()),
    }


def _hook_results(name: str, *args, **kwargs) -> dict:
    """The dicts the functions registered for hook `name` return, merged."""
    merged: dict = {}
    for fn in hooks.get_hooks(name):
        merged.update(fn(*args, **kwargs))
    return merged


def contact_export(*, contact: Contact, address_proven: bool = False, language: str | None = None, viewer=None) -> dict:
    """Everything held about one privacy unit, ready for `json.dumps`.

    Statuses and `field_names` are written in `language` (default: the active one);
    the names of the fields stay as they are. Secret tokens are left out: they are
    keys to the family's private pages, not information about them, and an export
    may be emailed. `viewer` is the staff user asking (None: the family themselves);
    the sections other apps add hold only what that user may see.
    """
    if language:
        with override(language):
            return contact_export(contact=contact, address_proven=address_proven, viewer=viewer)
    contacts = list(privacy_unit(contact, address_proven=address_proven).order_by("created_at", "pk"))
    held = contacts_bookings(contacts=contacts)
    bookings, waiting = held["bookings"], held["waiting_entries"]
    emails = messages_for(contacts)
    stopped = text_numbers_stopped(each.phone for each in contacts)
    field_names = {**FIELD_NAMES, **_hook_results("contact_privacy_field_names")}
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "field_names": {name: str(label) for name, label in field_names.items()},
        "contact_details": [
            {
                "first_name": each.first_name,
                "email": each.email,
                "phone": each.phone,
                "language": each.language,
                "agreed_to_privacy_notice_at": _iso(each.consent_at),
                "given_at": _iso(each.created_at),
                "agreed_to_texts_at": _iso(each.texts_agreed_at),
                "texts_stopped_by_reply": each.phone in stopped,
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
                "language": booking.language,
                "status": str(booking.get_status_display()),
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
                "language": entry.language,
                "status": str(entry.get_status_display()),
                "joined_at": _iso(entry.created_at),
                "last_changed_at": _iso(entry.updated_at),
            }
            for entry in waiting
        ],
        "topic_suggestions": [
            {
                "title": topic.title,
                "group_or_area": topic.place.title,
                "status": str(topic.get_status_display()),
                "leader_reply": topic.reply,
                "suggested_at": _iso(topic.created_at),
            }
            for topic in contacts_suggestions(contacts=contacts)
        ],
        "topic_votes": [
            {"title": vote.topic.title, "group_or_area": vote.topic.place.title, "voted_at": _iso(vote.cast_at)}
            for vote in contacts_votes(contacts=contacts)
        ],
        "emails": [
            {
                "about": family_message_label(email.kind),
                "channel": email.channel,
                "status": str(email.get_status_display()),
                "written_at": _iso(email.created_at),
                "sent_at": _iso(email.sent_at),
            }
            for email in emails
        ],
        **_hook_results("contact_privacy_export", contacts, viewer),
    }


def _strip_personal_details(contact_ids) -> dict:
    """Detach bookings and waiting entries from these contacts and delete the contacts.

    Bookings keep their session, numbers, status and household_ref: the anonymous
    counts; so do votes for topics. Free text a family typed (children's ages, access
    needs, topics no leader approved) goes, and so does the language they booked in,
    which in a small group can point to one family; so do their messages in the outbox,
    and the emails leaders were sent about their bookings.
    """
    # What other apps hold about these contacts goes first, while it still points at them.
    others = _hook_results("contact_privacy_erase", contact_ids)
    messages_delete_about(Booking.objects.filter(contact_id__in=contact_ids))
    messages_delete_about(WaitingEntry.objects.filter(contact_id__in=contact_ids))
    bookings = Booking.objects.filter(contact_id__in=contact_ids).update(
        contact=None, children_ages="", access_needs="", language=""
    )
    waiting = WaitingEntry.objects.filter(contact_id__in=contact_ids).update(
        contact=None, children_ages="", access_needs="", language=""
    )
    suggestions = TopicSuggestion.objects.filter(suggested_by_id__in=contact_ids)
    # What no leader has made public yet is the family's own words and nobody else's: it goes.
    # Approved and merged topics stay, unlinked, since other families voted for them.
    suggestions.exclude(status__in=[SuggestionStatus.APPROVED, SuggestionStatus.MERGED]).delete()
    suggestions.update(suggested_by=None)
    # Votes stay as anonymous counts, counted by household like bookings.
    TopicVote.objects.filter(contact_id__in=contact_ids).update(contact=None)
    messages_delete_for(Contact.objects.filter(pk__in=contact_ids))
    contacts = Contact.objects.filter(pk__in=contact_ids).delete()[1].get(Contact._meta.label, 0)
    return {**others, "contacts": contacts, "bookings": bookings, "waiting_entries": waiting}


def contact_erase(*, contact: Contact, by=None, address_proven: bool = False) -> dict:
    """Remove one privacy unit's personal details now, keeping anonymous counts.

    Their places in sessions still to come are given up first, through the booking
    services, so that the next family waiting gets the place; an erased family could
    not be told about changes anyway.
    """
    now = timezone.now()
    with transaction.atomic():
        unit = privacy_unit(contact, address_proven=address_proven)
        identities = list(unit.select_for_update().values_list("pk", "created_at"))
        contact_ids = [contact_id for contact_id, _created_at in identities]
        future = Q(contact_id__in=contact_ids, session__start__gt=now)
        for booking in Booking.objects.filter(future, status__in=LIVE_BOOKING_STATUSES):
            booking_cancel(booking=booking, by=by, notify=False)
        for entry in WaitingEntry.objects.filter(future, status=WaitingStatus.WAITING):
            waiting_leave(entry=entry)
        erasure_records_add(identities=identities, on=timezone.localdate(now))
        counts = _strip_personal_details(contact_ids)
    logger.info(
        "Erased a family's details on request: %(contacts)d contacts; %(bookings)d bookings and "
        "%(waiting_entries)d waiting entries kept as anonymous counts",
        counts,
    )
    return counts


def erasures_reapply() -> dict:
    """Erase again every contact erased on request that is back, as after a restore from an older backup.

    Run after every restore, before the site takes requests (`manage.py reapply_erasures`).
    The records the restore rolled back come back first, from their copies outside the
    database (events/services/erasures.py). Each contact is erased on its own, because
    the record names contacts rather than privacy units. A second run finds nobody. The
    purge needs no record: run again, it removes whatever the restore brought back that
    was due.
    """
    erasure_records_sync()
    erased = 0
    for contact in contacts_erased_on_record():
        contact_erase(contact=contact)
        erased += 1
    return {"contacts": erased, "records": ErasureRecord.objects.count()}


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
        for name, count in _hook_results("personal_data_purge", now).items():
            counts[name] = counts.get(name, 0) + count
    if any(counts.values()):
        logger.info(
            "Purged personal details: %(contacts)d contacts; %(bookings)d bookings and %(waiting_entries)d "
            "waiting entries kept as anonymous counts; notes cleared on %(old_notes)d older ones",
            counts,
        )
    return counts


def contact_private_links_revoke(*, contact: Contact, address_proven: bool = False) -> Contact:
    """Stop the private booking links and personal calendar feeds of a privacy unit working, at once.

    For a family whose phone was lost or whose email was read by someone else. A new
    link is sent with the next email or text.
    """
    with transaction.atomic():
        for each in privacy_unit(contact, address_proven=address_proven).select_for_update():
            each.manage_token = new_token()
            each.feed_token = new_token()
            each.text_token = new_short_token()
            each.save(update_fields=["manage_token", "feed_token", "text_token"])
    contact.refresh_from_db()
    logger.info("Revoked the private links of contact %s and its privacy unit", contact.pk)
    return contact
