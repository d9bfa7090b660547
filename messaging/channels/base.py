import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    """What a channel learnt from sending: the provider's id for the message and what it cost."""

    provider_id: str = ""
    segments: int | None = None


def _never_held(message, now: dt.datetime) -> None:
    return None


@dataclass(frozen=True)
class Channel:
    """One way of reaching someone: a name stored on each outbox row and how to send there.

    `send` takes what the renderer for the message returned and raises on any failure,
    which the outbox records and retries; it may return a Receipt. `hold_until` says
    when a message that is due may go instead, if not now (texts wait for the daytime
    and within a daily limit; emails never wait).
    """

    name: str
    send: Callable[[object], Receipt | None]
    hold_until: Callable[[object, dt.datetime], dt.datetime | None] = _never_held
