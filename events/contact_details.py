"""How the email addresses and phone numbers families type are stored and compared.

Phone numbers are kept in international E.164 form (+447700900123), so the same
number typed as "07700 900123", "07700-900-123" or "+44 7700 900123" is one number
for the funder counts and for spotting a family that booked twice. Email addresses
are kept as typed (that is where we write to) and compared without regard to case.
"""

import phonenumbers
from django.utils.translation import gettext_lazy

from home.text import digits_to_ascii

# Numbers written without a country code are read as UK numbers.
DEFAULT_PHONE_REGION = "GB"

PHONE_UNREADABLE_MESSAGE = gettext_lazy(
    "We could not read this phone number. Please write it with its area code, like 07700 900123, "
    "or with its country code, like +44 7700 900123."
)


class PhoneNumberUnreadable(ValueError):
    pass


def phone_normalise(raw: str) -> str:
    """The number in E.164 form, "" for a blank one; PhoneNumberUnreadable if it is not a phone number.

    Only the shape of the number is checked (right length for its country), not
    whether it is in service, so new and test ranges are accepted. Digits typed in
    Arabic-Indic or Bengali are read as 0-9.
    """
    raw = digits_to_ascii(raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise PhoneNumberUnreadable(raw) from error
    if not phonenumbers.is_possible_number(number):
        raise PhoneNumberUnreadable(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_normalise(raw: str) -> str:
    """The form two addresses are compared in: mail providers ignore case."""
    return (raw or "").strip().lower()
