"""Every feed a test here expands with recurring-ical-events is expanded again by ical.js.

The two must agree on every occurrence, so a feed that one widely used client reads
differently fails the test that made it. Without Node.js the second reading is left
out here; test_ical_clients.py (marker `icaljs`) then skips, which CI does not allow.
"""

import pytest

from tests.events import icaljs_client
from tests.events.calendar_scenarios import expansions_recorded


def _described(counter) -> list[str]:
    return [f"{start:%Y-%m-%d %H:%M}Z-{end:%H:%M}Z x{count}" for (start, end), count in sorted(counter.items())]


@pytest.fixture(autouse=True)
def _icaljs_reads_feeds_alike(request):
    with expansions_recorded() as recorded:
        yield
    # A test expected to fail on a known fault of one client compares the clients itself.
    if not recorded or icaljs_client.unavailable_reason() or request.node.get_closest_marker("xfail"):
        return
    second = icaljs_client.expanded_many([(body, start, end) for body, start, end, _found in recorded])
    for (_body, start, _end, first), other in zip(recorded, second, strict=True):
        assert other == first, (
            f"ical.js and recurring-ical-events disagree on a feed expanded from {start:%Y-%m-%d %H:%M}Z: "
            f"only ical.js {_described(other - first)}, only recurring-ical-events {_described(first - other)}"
        )
