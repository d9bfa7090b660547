"""Where texts go: the backend named by settings.TEXT_BACKEND, loaded like Django's mail backends.

A backend has one method, `send(text) -> str`, which hands a text to the provider and
returns the provider's id for it (the id its delivery reports carry), or raises on
any failure, which the outbox records and retries.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def text_backend():
    return import_string(settings.TEXT_BACKEND)()


__all__ = ["text_backend"]
