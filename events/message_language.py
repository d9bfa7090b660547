"""Which language a message to a family is written in.

A booking, a waiting-list entry and a contact may each record the language the
family used on the site (`language`, a Django language code such as "ar"). What is
sent to them later, when no request of theirs is active (emails, their personal
calendar feed), is written in that language, and otherwise in the site's default.
"""

from django.conf import settings
from django.utils import translation


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
