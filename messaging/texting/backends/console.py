"""Texts written to the console, as Django's console mail backend writes emails: the embedded default."""

import sys
import threading
import uuid

from messaging.texting.segments import segments_count

_lock = threading.Lock()


class TextBackend:
    def __init__(self, stream=None):
        # Looked up when sending, so that whatever stands in for stdout then gets the text.
        self.stream = stream or sys.stdout

    def send(self, text) -> str:
        count = segments_count(text.body)
        provider_id = f"console-{uuid.uuid4().hex[:12]}"
        with _lock:
            self.stream.write(
                f"Text to {text.to} ({count.segments} segment{'s' if count.segments != 1 else ''}, {count.encoding})\n"
                f"{text.body}\n{'-' * 79}\n"
            )
            self.stream.flush()
        return provider_id
