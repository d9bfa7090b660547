"""ical.js, the library Thunderbird reads calendars with, as a second independent reader of feeds.

tests/events/icaljs/expand.mjs does the expanding; one Node process reads a whole
batch of calendars, so checking many feeds costs one start-up.
"""

import datetime as dt
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

FOLDER = Path(__file__).with_name("icaljs")
SCRIPT = FOLDER / "expand.mjs"


def unavailable_reason() -> str | None:
    """Why ical.js cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "ical.js needs Node.js: install nodejs and npm, then run npm ci --prefix tests/events/icaljs"
    if not (FOLDER / "node_modules" / "ical.js" / "package.json").exists():
        return "ical.js is not installed: run npm ci --prefix tests/events/icaljs"
    return None


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def occurrences_many(calendars: list[tuple[bytes, dt.datetime, dt.datetime]]) -> list[list[dict]]:
    """Each calendar's occurrences overlapping its window, as ical.js expands them.

    An occurrence is {"uid", "summary", "status", "start", "end"}, start and end aware in UTC.
    """
    if not calendars:
        return []
    batch = [
        {"ics": body.decode("utf-8"), "start": start.isoformat(), "end": end.isoformat()}
        for body, start, end in calendars
    ]
    done = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(batch), capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode:
        raise AssertionError(f"ical.js could not expand the calendars:\n{done.stderr}")
    results = json.loads(done.stdout)
    for found in results:
        for item in found:
            item["start"], item["end"] = _instant(item["start"]), _instant(item["end"])
    return results


def expanded_many(calendars: list[tuple[bytes, dt.datetime, dt.datetime]]) -> list[Counter]:
    """(start, end) in UTC of every occurrence ical.js finds in each calendar, like scenarios.expanded."""
    return [Counter((item["start"], item["end"]) for item in found) for found in occurrences_many(calendars)]
