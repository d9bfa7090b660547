"""What a provider's delivery report says, in words staff can act on.

Twilio reports each text's status to the status webhook (messaging/views.py):
queued, sending and sent on the way, then delivered, or undelivered or failed with
an error code (https://www.twilio.com/docs/api/errors). Only the end of the way is
recorded on the outbox row.
"""

DELIVERED_STATUSES = frozenset({"delivered"})
UNDELIVERED_STATUSES = frozenset({"undelivered", "failed"})
# The number replied STOP to our sender earlier, so the provider refused the text.
OPTED_OUT_ERROR = "21610"

ERROR_REASONS = {
    "21211": "not a valid phone number",
    "21610": "the number replied STOP",
    "21614": "not a mobile number",
    "30003": "phone switched off or out of signal",
    "30004": "blocked by the phone or its carrier",
    "30005": "unknown number",
    "30006": "landline or unreachable carrier",
    "30007": "blocked as spam by the carrier",
    "30008": "the carrier could not say why",
}


def delivery_error_reason(error_code: str) -> str:
    """A short plain-English reason for a provider's error code ("error <code>" for others)."""
    error_code = error_code.strip()
    if not error_code:
        return "no reason given"
    return ERROR_REASONS.get(error_code, f"error {error_code}"[:120])


__all__ = ["DELIVERED_STATUSES", "OPTED_OUT_ERROR", "UNDELIVERED_STATUSES", "delivery_error_reason"]
