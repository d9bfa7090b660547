"""Contacts: cleaning what families type and creating the contact a booking belongs to."""

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.contact_details import (
    PHONE_FOR_TEXTS_MESSAGE,
    PHONE_UNREADABLE_MESSAGE,
    PhoneNumberUnreadable,
    email_normalise,
    phone_normalise,
    phone_texts_refusal,
)
from events.models.contacts import Contact
from events.services.places import BookingRefused
from home.text import line_break_in, text_clean
from messaging.selectors import text_number_stopped
from messaging.services import text_opt_out_set

MAX_ADULTS = 6
MAX_CHILDREN = 10


def name_clean(first_name: str) -> str:
    if line_break_in(first_name.strip()):
        raise BookingRefused(_("Please write your first name on one line."), code="first_name")
    return text_clean(first_name).strip()


def needs_clean(*, children_ages: str, access_needs: str) -> tuple[str, str]:
    if line_break_in(children_ages.strip()):
        raise BookingRefused(_("Please write the children's ages on one line."), code="children_ages")
    return text_clean(children_ages).strip(), text_clean(access_needs, multiline=True).strip()


def family_check(*, first_name, email, phone, adults, children, creche_children, consent) -> None:
    if not consent:
        raise BookingRefused(_("Please agree to the privacy notice so that we can keep your booking."), code="consent")
    if not first_name.strip():
        raise BookingRefused(_("Please give a first name."), code="first_name")
    if not email.strip() and not phone.strip():
        raise BookingRefused(_("Please give an email address or a phone number."), code="contact")
    numbers_check(adults=adults, children=children, creche_children=creche_children)


def numbers_check(*, adults, children, creche_children) -> None:
    if not 1 <= adults <= MAX_ADULTS:
        message = ngettext(
            "Book for between 1 and %(count)s adult.", "Book for between 1 and %(count)s adults.", MAX_ADULTS
        )
        raise BookingRefused(message % {"count": MAX_ADULTS}, code="adults")
    if not 0 <= children <= MAX_CHILDREN:
        message = ngettext("Book for up to %(count)s child.", "Book for up to %(count)s children.", MAX_CHILDREN)
        raise BookingRefused(message % {"count": MAX_CHILDREN}, code="children")
    if not 0 <= creche_children <= children:
        raise BookingRefused(_("Creche places cannot be more than the number of children."), code="creche_children")


def _household_ref(email: str, phone: str):
    """The household_ref of an earlier contact with this email or phone, so a family counts once.

    For the funder counts only: a shared reference gives no access to anything.
    """
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    return Contact.objects.filter(match).order_by("pk").values_list("household_ref", flat=True).first() or uuid.uuid4()


def _phone_for_storage(phone: str) -> str:
    try:
        return phone_normalise(phone)
    except PhoneNumberUnreadable:
        raise BookingRefused(PHONE_UNREADABLE_MESSAGE, code="phone") from None


def texts_check(*, phone: str, texts: bool) -> str:
    """The number to store; refused if texts are wanted and it is missing or not a mobile."""
    phone = _phone_for_storage(phone)
    if texts and not phone:
        raise BookingRefused(PHONE_FOR_TEXTS_MESSAGE, code="phone")
    if texts and (refusal := phone_texts_refusal(phone)):
        raise BookingRefused(refusal, code="phone")
    return phone


def household_ref_for(*, email: str, phone: str):
    """The household reference a new contact with this email and phone gets (one query).

    Read before a booking locks its session, so the lock is not held while other
    families' contacts are searched; `phone` is the number as it will be stored.
    """
    return _household_ref(email.strip(), phone)


def contact_create(
    *, first_name, email, phone, request_key, language: str = "", texts: bool = False, household_ref=None
) -> Contact:
    """A new contact; `texts` records their agreement to texts at `phone`, which must be a mobile.

    `household_ref` comes from household_ref_for() when the caller read it already.
    """
    email = email.strip()
    phone = texts_check(phone=phone, texts=texts)
    now = timezone.now()
    return Contact.objects.create(
        first_name=first_name.strip(),
        email=email,
        phone=phone,
        language=language,
        consent_at=now,
        texts_agreed_at=now if texts else None,
        household_ref=household_ref or _household_ref(email, phone),
        request_key=request_key,
    )


def contact_channels_update(*, contact: Contact, email: str, phone: str, texts: bool) -> Contact:
    """Change how a family hears from us, from their private page: email, phone, texts or not.

    A new email address is not proven until a link we send there is opened. Ticking
    texts again after a STOP reply is the family's own request, so the number's STOP
    is lifted too.
    """
    email = email.strip()
    phone = texts_check(phone=phone, texts=texts)
    if not email and not phone:
        raise BookingRefused(
            _("Please keep an email address or a phone number, so that we can reach you."), code="contact"
        )
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if email_normalise(email) != email_normalise(contact.email):
            contact.email_proven_at = None
        texts_before = contact.wants_texts and contact.phone == phone
        contact.email, contact.phone = email, phone
        if not texts:
            contact.texts_agreed_at = None
        elif not texts_before:
            contact.texts_agreed_at = timezone.now()
        if texts and text_number_stopped(phone):
            # The page shows texts as off while a STOP stands, so this tick is a new request.
            text_opt_out_set(number=phone, stopped=False, how="website")
        contact.save(update_fields=["email", "phone", "texts_agreed_at", "email_proven_at"])
    return contact
