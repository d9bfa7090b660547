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


PHONE_NOT_MOBILE_MESSAGE = gettext_lazy(
    "Texts need a mobile number, and this looks like a landline. You can keep it for us to call you, "
    "and untick texts, or give a mobile number instead."
)
PHONE_NOT_FOR_TEXTS_MESSAGE = gettext_lazy(
    "Texts need a mobile number, and this is not one. Please give a mobile number, or untick texts."
)
PHONE_FOR_TEXTS_MESSAGE = gettext_lazy("Please give your mobile number, so that we can text you.")

# What phonenumbers cannot tell apart in some countries (the US, for one): accepted for texts.
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


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


def phone_texts_refusal(number: str) -> str:
    """Why texts cannot go to this E.164 number, in plain words, or "" if they can.

    Refused only when the numbering plan says it is something else: a landline, a
    freephone or premium number. A number the plan does not know (a new range, or
    Ofcom's 07700 900xxx numbers kept for drama and tests) is given the benefit of
    the doubt: the provider's delivery report shows staff if it was wrong.
    """
    try:
        parsed = phonenumbers.parse(number, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return str(PHONE_UNREADABLE_MESSAGE)
    kind = phonenumbers.number_type(parsed)
    if kind in MOBILE_TYPES or kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return ""
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        return str(PHONE_NOT_MOBILE_MESSAGE)
    return str(PHONE_NOT_FOR_TEXTS_MESSAGE)


def phone_display(number: str) -> str:
    """A stored number as people dial it: national form for UK numbers ("07700 900123"), else international."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return number
    # By country code, not region: a number the plan does not know (07700 900xxx) has no region.
    if parsed.country_code == phonenumbers.country_code_for_region(DEFAULT_PHONE_REGION):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
