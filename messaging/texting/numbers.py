"""The keyed hash a STOP is recorded under, so the opt-out list holds no phone numbers."""

from django.utils.crypto import salted_hmac


def number_hash(number: str) -> str:
    """A stable, unguessable stand-in for an E.164 number (keyed with SECRET_KEY)."""
    return salted_hmac("gather.messaging.text-opt-out", number.strip(), algorithm="sha256").hexdigest()


__all__ = ["number_hash"]
