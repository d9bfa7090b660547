"""A family's language: the one they booked in.

A booking and a waiting-list request store the language of the page the form was
sent from (blank: the site's default language, as for walk-ins and bookings made
before languages were kept). The family's private pages, personal calendar and the
links emailed to them then follow that language, and staff see it on the register
and the bookings listing, so a leader knows who may need an interpreter.
"""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.models.bookings import Booking, WaitingEntry
from events.models.contacts import Contact


def language_clean(code: str | None) -> str:
    """`code` as one of settings.LANGUAGES (its closest supported variant), or "" when it is none of them."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code.strip().lower())
    except LookupError:
        return ""


def language_name(code: str | None) -> str:
    """The name of a language in the language being shown (e.g. "Urdu"), or "" for none."""
    if not code:
        return ""
    # Named in the reader's language ("Urdu" to an English-speaking leader), from
    # Django's own list; "en-gb" is plain "English" here, the region says nothing.
    try:
        return str(translation.get_language_info(code.partition("-")[0])["name_translated"])
    except KeyError:
        return code


def family_language(held: Contact | Booking | WaitingEntry) -> str:
    """The language to speak to the family of a contact, booking or waiting entry in.

    Blank means the site's default language. A booking or waiting entry with no family
    behind it (a walk-in, or one whose details were removed) has none: "".
    """
    if isinstance(held, Contact):
        return held.language or settings.LANGUAGE_CODE
    if held.contact_id is None:
        return ""
    return held.language or settings.LANGUAGE_CODE


def recipient_language(*rows) -> str:
    """The language recorded on the first of `rows` that has one the site offers, else the site's default.

    Pass the most particular row first (the booking or waiting entry, then the contact):
    a family may have used another language when they last booked.
    """
    for row in rows:
        code = getattr(row, "language", "") if row is not None else ""
        if not code:
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def manage_path(held: Contact | Booking | WaitingEntry) -> str:
    """The path of the family's private booking page, in the family's own language."""
    contact = held if isinstance(held, Contact) else held.contact
    with translation.override(family_language(held) or settings.LANGUAGE_CODE):
        return reverse("events:booking_manage", args=[contact.manage_token])


def url_language(request) -> str | None:
    """The language the address of `request` names in its prefix (/ar/...), or None."""
    return translation.get_language_from_path(request.path_info)


def _chosen_language(request) -> str:
    """The language the visitor chose on the language list (its cookie), or ""."""
    return language_clean(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def _manage_token_language(token: str) -> str:
    language = Contact.objects.filter(manage_token=token).values_list("language", flat=True).first()
    return language_clean(language) or settings.LANGUAGE_CODE


def in_family_language(view):
    """Show a family's private page (a view taking `token`) in the language they booked in.

    An address with a language prefix shows that language: the family chose it. An
    address without one (an old link, or one typed in) shows the language chosen on
    the language list, if any (so English can be chosen there), else the family's own.
    """

    @functools.wraps(view)
    def wrapped(request, token, *args, **kwargs):
        if url_language(request):
            return view(request, *args, token=token, **kwargs)
        language = _chosen_language(request) or _manage_token_language(token)
        with translation.override(language):
            response = view(request, *args, token=token, **kwargs)
            # The language middleware sets this only when the view has not.
            response.headers.setdefault("Content-Language", language)
            return response

    return wrapped
