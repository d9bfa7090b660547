"""Spam protection for public forms: a honeypot field and rate limits.

Counts live in the shared cache (Redis in production), so every app process sees
the same numbers. When the cache is down the limits let requests through: a spam
filter must never stop a family from booking.
"""

import functools
import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

RATE_LIMITED_MESSAGE = gettext_lazy(
    "You have sent this form a lot of times in a short while. Please wait a few minutes and try again."
)


def client_address(request) -> str:
    """The visitor's IP address, trusting X-Forwarded-For only from our own proxies."""
    proxies = settings.GATHER_TRUSTED_PROXY_COUNT or 0
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def counter_key(scope: str, identity: str) -> str:
    # Hashed so that addresses and usernames are not kept in the cache in the clear.
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit_count(scope: str, identity: str, *, period: int) -> int:
    """Count one hit for `identity` in the window of `period` seconds; return the total.

    `add` starts a window only if none is open, and `incr` is atomic in Redis and in
    local memory, so concurrent requests from several processes are all counted.
    Returns 0 when the cache is unavailable.
    """
    key = counter_key(scope, identity)
    try:
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:
            # The window ran out between add and incr.
            cache.add(key, 1, timeout=period)
            count = 1
    except Exception:  # noqa: BLE001 - the cache is a helper, never a reason to fail
        return 0
    return count or 0


def current_count(scope: str, identity: str) -> int:
    try:
        return cache.get(counter_key(scope, identity)) or 0
    except Exception:  # noqa: BLE001
        return 0


def reset_count(scope: str, identity: str) -> None:
    try:
        cache.delete(counter_key(scope, identity))
    except Exception:  # noqa: BLE001
        return


def rate_limit_exceeded(request, *, scope: str, limit: int | None = None, period: int | None = None) -> bool:
    """Count this request against `scope` for the visitor's address; True once over `limit`.

    For form views that would rather show the form again with RATE_LIMITED_MESSAGE
    (keeping what was typed) than answer with a bare error page. `limit` and
    `period` default to settings.GATHER_FORM_RATE_LIMIT and GATHER_FORM_RATE_PERIOD.
    """
    limit = settings.GATHER_FORM_RATE_LIMIT if limit is None else limit
    period = settings.GATHER_FORM_RATE_PERIOD if period is None else period
    return hit_count(scope, client_address(request), period=period) > limit


def rate_limited_response(request, *, period: int, message: str = RATE_LIMITED_MESSAGE):
    """The 429 page, saying how long to wait."""
    response = render(
        request,
        "429.html",
        {"message": message, "retry_after_minutes": max(1, period // 60)},
        status=429,
    )
    response["Retry-After"] = str(period)
    return response


def rate_limit(*, scope: str, limit: int | None = None, period: int | None = None, methods=("POST",)):
    """Refuse a view with 429 once a visitor has sent more than `limit` requests in `period` seconds.

    Only the listed methods count, so reading a form never uses up the allowance
    for sending it. Defaults as for `rate_limit_exceeded`.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and rate_limit_exceeded(request, scope=scope, limit=limit, period=period):
                return rate_limited_response(
                    request, period=settings.GATHER_FORM_RATE_PERIOD if period is None else period
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HoneypotInput(forms.TextInput):
    """A text box that people never see (the `hidden` attribute needs no CSS) and bots fill in."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id") or self.attrs.get("id", "")
        return format_html(
            '<div hidden><label for="{}">{}</label>{}</div>', field_id, gettext_lazy("Leave this box empty"), field
        )


HONEYPOT_MESSAGE = gettext_lazy("We could not accept this form. Please try again, or phone us instead.")


class HoneypotFormMixin(forms.Form):
    """Adds a `website` field that must stay empty; a filled one refuses the whole form.

    The refusal is a form-wide error, shown at the top of the form, because the box
    itself is hidden.
    """

    website = forms.CharField(required=False, label=gettext_lazy("Leave this box empty"), widget=HoneypotInput)

    def clean(self):
        cleaned_data = super().clean()
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return cleaned_data


# A hall's shared Wi-Fi puts every family at a session behind one address, so forms
# reached through a family's private link are limited per link, and per address only
# as a backstop this many times looser.
SHARED_ADDRESS_FACTOR = 10


def link_rate_limit_exceeded(request, *, scope: str, link: str, limit: int | None = None) -> bool:
    """Count this request against `scope` for its private `link` and for the address; True once over.

    The link is limited to `limit` requests a period (GATHER_FORM_RATE_LIMIT by default),
    the address to SHARED_ADDRESS_FACTOR times as many.
    """
    limit = settings.GATHER_FORM_RATE_LIMIT if limit is None else limit
    period = settings.GATHER_FORM_RATE_PERIOD
    over_link = hit_count(f"{scope}:link", link, period=period) > limit
    over_address = rate_limit_exceeded(request, scope=scope, limit=limit * SHARED_ADDRESS_FACTOR, period=period)
    return over_link or over_address
