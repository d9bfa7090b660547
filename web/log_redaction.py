"""Secret links kept out of the logs.

A family's booking-management and personal calendar links carry the only secret
that lets someone see and change their bookings (a staff password reset link, their
account), so no access or error log line may hold one in full. Every line from Django
(through the handler in LOGGING) and from gunicorn (through `GunicornLogger`, named in
gunicorn.conf.py) passes through `redact_secret_links`, which keeps a few characters
of the secret: enough to match a line to a family's call, far too few to open anything.
"""

import logging
import re

from gunicorn import glogging

# What comes just before a secret in a private address: booking management, the
# personal calendar, the check-in and one-to-one links (events/urls.py,
# events/feed_urls.py, support/urls.py), and the staff password reset
# link, whose secret follows the account's id. A new private address adds its pattern
# here; tests/web/test_log_redaction.py fails for any URL taking a `token` that
# this list leaves out.
PRIVATE_PATH_PATTERNS = (
    "/booking/",
    "/calendar/personal/",
    "/check-in/",
    # A slot's number (one-to-one/12/ask/) is too short to be taken for a secret.
    "/one-to-one/",
    "/admin/password_reset/confirm/[A-Za-z0-9_-]+/",
)
SHOWN_CHARACTERS = 4
# Secrets are long (43 characters for a family's links); shorter segments, such as the
# password reset's "set-password" step, are ordinary words and stay as they are.
SECRET_MIN_LENGTH = 16
# The short private link in a text (/t/<12 characters>) is nothing but its secret.
SHORT_PRIVATE_PATH_PATTERNS = ("/t/",)
SHORT_SECRET_MIN_LENGTH = 8

# A private address may also appear percent-encoded, as the `next` of a link on the
# page itself (the language list: /language/ar/?next=%2Fbooking%2F...).
_SLASH = "(?:/|%2[Ff])"
_LINK_SHAPE = "(?P<before>{})(?P<shown>[A-Za-z0-9_-]{{{}}})[A-Za-z0-9_-]{{{},}}"
_SECRET_IN_PATH = re.compile(
    _LINK_SHAPE.format(
        "|".join(pattern.replace("/", _SLASH) for pattern in PRIVATE_PATH_PATTERNS),
        SHOWN_CHARACTERS,
        SECRET_MIN_LENGTH - SHOWN_CHARACTERS,
    )
)
_SHORT_SECRET_IN_PATH = re.compile(
    _LINK_SHAPE.format(
        "|".join(pattern.replace("/", _SLASH) for pattern in SHORT_PRIVATE_PATH_PATTERNS),
        SHOWN_CHARACTERS,
        SHORT_SECRET_MIN_LENGTH - SHOWN_CHARACTERS,
    )
)


def redact_secret_links(text: str) -> str:
    """`text` with every secret in a private address cut down to its first few characters."""
    text = _SECRET_IN_PATH.sub(r"\g<before>\g<shown>…", text)
    return _SHORT_SECRET_IN_PATH.sub(r"\g<before>\g<shown>…", text)


class SecretLinkFilter(logging.Filter):
    """Redacts secret links in a record's message and traceback before any handler writes it."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted call is the handler's to report
            return True
        redacted = redact_secret_links(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text, so the traceback is written as redacted here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_secret_links(record.exc_text)
        return True


_secret_link_filter = SecretLinkFilter()


class GunicornLogger(glogging.Logger):
    """gunicorn's logger, with secret links redacted from access and error lines.

    The filter sits on gunicorn's two loggers rather than their handlers, so it keeps
    working when gunicorn reopens its log files or is given a logging configuration.
    """

    def __init__(self, cfg):
        super().__init__(cfg)
        # addFilter ignores a filter it already has, so a reload adds nothing twice.
        self.error_log.addFilter(_secret_link_filter)
        self.access_log.addFilter(_secret_link_filter)
