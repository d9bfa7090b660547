from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Channel:
    """One way of reaching someone: a name stored on each outbox row and how to send there.

    `send` takes what the renderer for the message returned and raises on any failure,
    which the outbox records and retries.
    """

    name: str
    send: Callable[[object], None]
