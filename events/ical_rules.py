"""Schedule rules and wall-clock times as calendar clients read them.

A feed publishes a schedule as an RRULE in Europe/London time; these say which
parts of a rule carry over, and where a client would put each local time, so the
feed can fall back to single events wherever clients would disagree with the site.
"""

import datetime as dt

from dateutil import rrule as dateutil_rrule
from icalendar import vRecur
from recurrence.base import Rule, to_weekday

from events.recurrence import LOCAL_TZ, UTC

# Parts of a django-recurrence rule that carry over to the feed as they are. Times of
# day come from the schedule's start time, so BYHOUR and the like never apply.
_COPIED_RULE_PARTS = ("bysetpos", "bymonth", "bymonthday", "byyearday", "byweekno")


def local_time(value: dt.datetime) -> dt.datetime:
    return value.astimezone(LOCAL_TZ)


def _byday_text(day) -> str:
    weekday = to_weekday(day)
    return f"{weekday.index or ''}{Rule.weekdays[weekday.number]}"


def rule_parts(rule: Rule) -> dict:
    """The schedule's rule as RRULE parts, without COUNT or its own end (the feed sets UNTIL)."""
    parts = {"FREQ": Rule.frequencies[rule.freq]}
    if rule.interval and rule.interval != 1:
        parts["INTERVAL"] = rule.interval
    if rule.wkst is not None:
        parts["WKST"] = Rule.weekdays[getattr(rule.wkst, "number", rule.wkst)]
    if rule.byday:
        parts["BYDAY"] = [_byday_text(day) for day in rule.byday]
    for name in _COPIED_RULE_PARTS:
        if values := getattr(rule, name):
            parts[name.upper()] = list(values)
    return parts


def feed_recur(parts: dict, *, until: dt.datetime) -> vRecur:
    """The RRULE as published: UNTIL in UTC, as RFC 5545 requires when DTSTART has a TZID."""
    return vRecur({**parts, "UNTIL": until.astimezone(UTC)})


def recur_starts(parts: dict, *, dtstart: dt.datetime, until: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """(wall-clock time, UTC instant) of each start a client computes from these RRULE parts, DTSTART and UNTIL.

    `dtstart` and `until` are naive Europe/London wall-clock times: a client expands a
    DTSTART with a TZID in local time (twice as fast here as with aware datetimes).
    The instant is the one recurrence.local_datetime gives, so comparing and hashing
    it against the times the database gives is cheap.
    """
    rule_text = vRecur(parts).to_ical().decode() + f";UNTIL={until:%Y%m%dT%H%M%S}"
    starts = dateutil_rrule.rrulestr(rule_text, dtstart=dtstart)
    return [(start, start.replace(tzinfo=LOCAL_TZ).astimezone(UTC)) for start in starts]


def wall_clock(value: dt.datetime) -> dt.datetime:
    return local_time(value).replace(tzinfo=None)


def _wall_instant(wall: dt.datetime) -> dt.datetime | None:
    """The one instant a Europe/London wall-clock time names, or None if there is not exactly one.

    Calendar apps disagree about a time the spring change skips or the autumn change
    shows twice (RFC 5545 says the offset before the gap, and the first of the two;
    Thunderbird takes the offset after, and the second), and they add a length to a
    start on the wall clock, so an event that spans a change ends an hour out.
    """
    earlier = wall.replace(tzinfo=LOCAL_TZ, fold=0)
    later = wall.replace(tzinfo=LOCAL_TZ, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        return None
    return earlier.astimezone(UTC)


def read_alike(wall: dt.datetime, length: dt.timedelta) -> bool:
    """Whether every client puts an occurrence at local `wall` lasting `length` where the site does."""
    start, end = _wall_instant(wall), _wall_instant(wall + length)
    return start is not None and end is not None and end - start == length


def written(value: dt.datetime) -> dt.datetime:
    """A DTSTART or DTEND: in local time, unless the clocks show that local time twice; then in UTC."""
    return local_time(value) if _wall_instant(wall_clock(value)) is not None else value.astimezone(UTC)


def latest_reading(wall: dt.datetime) -> dt.datetime:
    """The latest instant any client could take a wall-clock time for, so an UNTIL there keeps it."""
    return max(wall.replace(tzinfo=LOCAL_TZ, fold=fold).astimezone(UTC) for fold in (0, 1))
