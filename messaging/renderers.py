"""Which function writes each kind of message, registered by the app that sends it.

The outbox knows nothing of bookings or sessions: the domain registers a renderer
for each (channel, kind) when its app is ready, and the outbox calls it when the
message is due, so that the message says what is true at that moment.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import OutboundMessage


@dataclass(frozen=True)
class NotNeeded:
    """What a renderer returns when the message should no longer go out, and why."""

    reason: str


# Returns what the channel sends (for email, a messaging.channels.email.Email) or NotNeeded.
Renderer = Callable[[OutboundMessage], object]

_renderers: dict[tuple[str, str], Renderer] = {}


def register(*, channel: str, kind: str, renderer: Renderer) -> None:
    _renderers[(channel, kind)] = renderer


def renderer_for(*, channel: str, kind: str) -> Renderer:
    try:
        return _renderers[(channel, kind)]
    except KeyError:
        raise LookupError(f"No renderer is registered for {kind!r} messages by {channel}.") from None


__all__ = ["NotNeeded", "Renderer", "register", "renderer_for"]
