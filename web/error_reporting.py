"""Server errors reported to an error tracker (Sentry, when SENTRY_DSN is set) without
families' details or secret links.

An error report is read by people outside the charity's staff (the tracker's service,
whoever has its login), so it carries where the code failed and nothing of the family
it failed for: no local variables of the failing frames (a contact or a form's data is
one of them), no request body, cookies or client address, and every remaining text
(the exception's message, the address, log lines kept as breadcrumbs) passed through
`scrub_text`, which cuts secret links as in the logs (web/log_redaction.py) and removes
email addresses and phone numbers.

Imported by the settings, so it must not import Django's models or anything that reads
settings when imported.
"""

import re

import phonenumbers
import sentry_sdk
from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

from .log_redaction import SHOWN_CHARACTERS, redact_secret_links

# The shortest secret a link carries is a check-in's (22 characters); shorter runs are left.
_BARE_SECRET = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])")
EMAIL_REMOVED = "[email]"
PHONE_REMOVED = "[phone]"
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Numbers as families type them: UK numbers in any format, and others with their
# country code. "Possible" rather than "valid": the numbers kept for fiction (07700 900xxx)
# and a mistyped number are still somebody's details.
_PHONE_REGION = "GB"
_PHONE_MIN_DIGITS = 9
# Names that mark a value as personal wherever the tracker finds them (extra data,
# breadcrumbs' data, headers), on top of the tracker's own list of secrets.
PERSONAL_KEYS = [
    "email",
    "phone",
    "first_name",
    "name",
    "needs",
    "notes",
    "children_ages",
    "manage_token",
    "feed_token",
    "remote_addr",
    "x_forwarded_for",
    "x-forwarded-for",
    "referer",
]
# Parts of the event that identify it rather than describe the error: left as they are.
_STRUCTURAL_KEYS = {
    "event_id",
    "timestamp",
    "start_timestamp",
    "trace_id",
    "span_id",
    "parent_span_id",
    "sdk",
    "release",
}
# Request parts the tracker would otherwise keep, any of which can hold a family's details.
_REQUEST_PARTS_DROPPED = ("data", "cookies", "env")
_HEADERS_DROPPED = {"cookie", "authorization", "referer", "x-forwarded-for", "x-real-ip", "forwarded"}


def _looks_secret(word: str) -> bool:
    """A random token (secrets.token_urlsafe) rather than a word, a name in the code or an id."""
    digits = any(char.isdigit() for char in word)
    lower = any(char.islower() for char in word)
    upper = any(char.isupper() for char in word)
    # CamelCase names in a traceback have both cases but neither digits nor "-" or "_".
    return (digits and (lower or upper)) or (lower and upper and ("-" in word or "_" in word or len(word) >= 40))


def _bare_secret_cut(match: re.Match) -> str:
    word = match.group()
    return word[:SHOWN_CHARACTERS] + "…" if _looks_secret(word) else word


def scrub_text(text: str) -> str:
    """`text` with secret links and bare secrets cut short and email addresses and phone numbers removed."""
    text = redact_secret_links(text)
    # A token quoted outside its address, as in an exception's message.
    text = _BARE_SECRET.sub(_bare_secret_cut, text)
    text = _EMAIL.sub(EMAIL_REMOVED, text)
    matches = phonenumbers.PhoneNumberMatcher(text, _PHONE_REGION, leniency=phonenumbers.Leniency.POSSIBLE)
    # Shorter runs of digits are ids and counts, which help find a bug; a phone number has more.
    phones = [match for match in matches if sum(char.isdigit() for char in match.raw_string) >= _PHONE_MIN_DIGITS]
    for match in reversed(phones):
        text = text[: match.start] + PHONE_REMOVED + text[match.end :]
    return text


def _scrubbed(value, key=None):
    if key in _STRUCTURAL_KEYS:
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {each: _scrubbed(item, each) for each, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value


def _frames(event):
    for part in ("exception", "threads"):
        for value in (event.get(part) or {}).get("values") or []:
            yield from (value.get("stacktrace") or {}).get("frames") or []


def sentry_event_scrub(event, hint):
    """Sentry's before_send: the event without anything that could name or reach a family."""
    event.pop("user", None)
    request = event.get("request") or {}
    for part in _REQUEST_PARTS_DROPPED:
        request.pop(part, None)
    if isinstance(request.get("headers"), dict):
        request["headers"] = {
            name: value for name, value in request["headers"].items() if name.lower() not in _HEADERS_DROPPED
        }
    for frame in _frames(event):
        frame.pop("vars", None)
    return _scrubbed(event)


def sentry_breadcrumb_scrub(crumb, hint):
    """Log lines and queries kept as breadcrumbs are scrubbed as the event is."""
    return _scrubbed(crumb)


def error_reporting_start(dsn: str, *, environment: str, release: str | None = None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        # Frames' local variables hold contacts, bookings and form data; the stack
        # trace and the code around each line are enough to find a bug.
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, *PERSONAL_KEYS], recursive=True),
        before_send=sentry_event_scrub,
        before_breadcrumb=sentry_breadcrumb_scrub,
        # No traces_sample_rate: errors only, no performance tracing of every address visited.
    )
