"""Turn a schedule into dated sessions in local wall-clock time.

django-recurrence stores its dates as UTC and reads them back in whatever time zone
is active, and its admin widget sends browser-local midnight. So nothing here trusts
a datetime that django-recurrence produced: every exclusion, extra date and end date
is reduced to a calendar date in Europe/London, and each session's start is that
date at the schedule's start time, made aware in Europe/London. A group that meets at
10:00 meets at 10:00 on both sides of a clock change.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil import rrule as dateutil_rrule

LOCAL_TZ = ZoneInfo("Europe/London")
UTC = dt.UTC


def local_date(value):
    """The calendar date a person in Europe/London means by `value`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TZ)
        return value.date()
    return value


def local_datetime(day, time):
    """`day` at wall-clock `time` in Europe/London, as an aware datetime.

    A time that does not exist (inside the spring-forward gap) moves forward an
    hour, which is what a clock on the wall would show.
    """
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=LOCAL_TZ)
    return aware.astimezone(UTC).astimezone(LOCAL_TZ)


def _rule_to_dateutil(rule, *, dtstart, until):
    kwargs = {name: getattr(rule, name) or None for name in rule.byparams}
    kwargs["byweekday"] = kwargs.pop("byday")
    rule_until = local_date(rule.until)
    if rule_until is not None:
        until = min(until, dt.datetime.combine(rule_until, dt.time.max))
    return dateutil_rrule.rrule(
        rule.freq,
        dtstart=dtstart,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=until,
        **kwargs,
    )


def schedule_dates(schedule, *, first=None, last=None):
    """The local dates a schedule meets on, between `first` and `last` inclusive.

    The schedule's own `starts_on` and `ends_on` bound the result too; an end date
    equal to the last session's date keeps that session.
    """
    first = max(filter(None, [first, schedule.starts_on]))
    last = min(filter(None, [last, schedule.ends_on])) if (last or schedule.ends_on) else None
    if last is None:
        raise ValueError("schedule_dates needs an upper bound: pass last= or set ends_on")
    if first > last:
        return []

    # Naive local datetimes at midnight: rules only pick dates, never times.
    dtstart = dt.datetime.combine(schedule.starts_on, dt.time())
    until = dt.datetime.combine(last, dt.time.max)
    recurrence = schedule.recurrences
    dates = set()
    for rule in recurrence.rrules if recurrence else []:
        for occurrence in _rule_to_dateutil(rule, dtstart=dtstart, until=until):
            dates.add(occurrence.date())
    for rule in recurrence.exrules if recurrence else []:
        for occurrence in _rule_to_dateutil(rule, dtstart=dtstart, until=until):
            dates.discard(occurrence.date())
    if recurrence:
        dates.update(local_date(value) for value in recurrence.rdates)
        dates.difference_update(local_date(value) for value in recurrence.exdates)
    if not recurrence or not (recurrence.rrules or recurrence.rdates):
        # A schedule with no rule is a one-off on its first date.
        dates.add(schedule.starts_on)
    return sorted(day for day in dates if first <= day <= last)


def schedule_occurrences(schedule, *, first=None, last=None):
    """(start, end) aware datetimes of each occurrence of `schedule`."""
    length = dt.timedelta(minutes=schedule.duration_minutes)
    occurrences = []
    for day in schedule_dates(schedule, first=first, last=last):
        start = local_datetime(day, schedule.start_time)
        occurrences.append((start, (start.astimezone(UTC) + length).astimezone(LOCAL_TZ)))
    return occurrences
