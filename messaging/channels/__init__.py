"""Every channel the outbox can send by, by the name stored on its rows.

A new channel is a module here with its own `CHANNEL` and a line below; the outbox's
queueing, retries and claims stay the same for all of them.
"""

from . import email, text
from .base import Channel

CHANNELS: dict[str, Channel] = {channel.name: channel for channel in [email.CHANNEL, text.CHANNEL]}


def channel_get(name: str) -> Channel:
    try:
        return CHANNELS[name]
    except KeyError:
        raise LookupError(f"There is no {name!r} channel.") from None


__all__ = ["CHANNELS", "Channel", "channel_get"]
