"""Texts kept in `outbox` instead of sent, as Django's locmem mail backend keeps emails: for tests."""

import itertools

outbox: list = []
_ids = itertools.count(1)


class TextBackend:
    def send(self, text) -> str:
        outbox.append(text)
        return f"test-{next(_ids)}"
