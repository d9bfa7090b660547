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

import recurrence as django_recurrence
from dateutil import rrule as dateutil_rrule
from django.utils.translation import gettext_lazy as _

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

    The rule's dates from `starts_on` (or `starts_on` alone when there is no rule),
    plus extra dates, minus excluded dates. The schedule's own `starts_on` and
    `ends_on` bound the result too; an end date equal to the last session's date
    keeps that session.
    """
    recurrence = schedule.recurrences
    if last is None and schedule.ends_on is None and not (recurrence and recurrence.rrules):
        # Without a rule the dates are all listed, so the last of them bounds the result.
        last = max([schedule.starts_on, *(local_date(value) for value in (recurrence.rdates if recurrence else []))])
    first = max(filter(None, [first, schedule.starts_on]))
    last = min(filter(None, [last, schedule.ends_on])) if (last or schedule.ends_on) else None
    if last is None:
        raise ValueError("schedule_dates needs an upper bound: pass last= or set ends_on")
    if first > last:
        return []

    # Naive local datetimes at midnight: rules only pick dates, never times.
    dtstart = dt.datetime.combine(schedule.starts_on, dt.time())
    until = dt.datetime.combine(last, dt.time.max)
    dates = set()
    for rule in recurrence.rrules if recurrence else []:
        for occurrence in _rule_to_dateutil(rule, dtstart=dtstart, until=until):
            dates.add(occurrence.date())
    if not (recurrence and recurrence.rrules):
        # With no rule the schedule meets on its first date, plus any extra dates.
        dates.add(schedule.starts_on)
    for rule in recurrence.exrules if recurrence else []:
        for occurrence in _rule_to_dateutil(rule, dtstart=dtstart, until=until):
            dates.discard(occurrence.date())
    if recurrence:
        dates.update(local_date(value) for value in recurrence.rdates)
        dates.difference_update(local_date(value) for value in recurrence.exdates)
    return sorted(day for day in dates if first <= day <= last)


def schedule_occurrences(schedule, *, first=None, last=None):
    """(start, end) aware datetimes of each occurrence of `schedule`."""
    length = dt.timedelta(minutes=schedule.duration_minutes)
    occurrences = []
    for day in schedule_dates(schedule, first=first, last=last):
        start = local_datetime(day, schedule.start_time)
        occurrences.append((start, (start.astimezone(UTC) + length).astimezone(LOCAL_TZ)))
    return occurrences


# Plain choices for staff ---------------------------------------------------------
#
# Staff describe a schedule as "weekly on Tuesday", "every 2 weeks", "the second
# Tuesday of the month", "the last Friday" or "just once"; these turn those choices
# into a django-recurrence value and back.


class Repeats:
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    ONCE = "once"
    # A rule these choices cannot express (set up in code); kept as it is.
    KEEP = "keep"

    choices = [
        (WEEKLY, _("Every week")),
        (FORTNIGHTLY, _("Every 2 weeks")),
        (MONTHLY, _("Once a month, on a set weekday (for example the second Tuesday)")),
        (ONCE, _("Just once, or only on the extra dates below")),
    ]


WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WEEK_OF_MONTH_CHOICES = [(1, _("First")), (2, _("Second")), (3, _("Third")), (4, _("Fourth")), (-1, _("Last"))]


def recurrence_build(*, repeats, weekday, week_of_month=None, excluded=(), extra=(), at=dt.time(12)):
    """A django-recurrence value for the plain choices.

    Excluded and extra dates are stored as aware datetimes at `at` (the session's
    start time) in Europe/London, so whatever time zone reads them back, turning
    them into a London date gives the date staff typed.
    """
    rules = []
    if repeats in (Repeats.WEEKLY, Repeats.FORTNIGHTLY):
        rules.append(
            django_recurrence.Rule(
                django_recurrence.WEEKLY,
                interval=2 if repeats == Repeats.FORTNIGHTLY else 1,
                byday=[django_recurrence.Weekday(weekday)],
            )
        )
    elif repeats == Repeats.MONTHLY:
        rules.append(
            django_recurrence.Rule(django_recurrence.MONTHLY, byday=[django_recurrence.Weekday(weekday, week_of_month)])
        )
    elif repeats != Repeats.ONCE:
        raise ValueError(f"unknown repeats choice {repeats!r}")
    return django_recurrence.Recurrence(
        rrules=rules,
        exdates=[local_datetime(day, at) for day in sorted(set(excluded))],
        rdates=[local_datetime(day, at) for day in sorted(set(extra))],
    )


def recurrence_choices(value):
    """The plain choices that `recurrence_build` would turn into `value`, or None if there are none.

    Returns {"repeats", "weekday", "week_of_month", "excluded", "extra"}.
    """
    rules = list(value.rrules) if value else []
    choices = {
        "weekday": None,
        "week_of_month": None,
        "excluded": sorted({local_date(v) for v in value.exdates}) if value else [],
        "extra": sorted({local_date(v) for v in value.rdates}) if value else [],
    }
    if value and (value.exrules or len(rules) > 1):
        return None
    if not rules:
        return {**choices, "repeats": Repeats.ONCE}
    rule = rules[0]
    days = list(rule.byday or [])
    if (
        len(days) != 1
        or rule.count
        or rule.until
        or any(getattr(rule, name) for name in rule.byparams if name != "byday")
    ):
        return None
    day = django_recurrence.to_weekday(days[0])
    if rule.freq == django_recurrence.WEEKLY and rule.interval in (1, 2) and not day.index:
        repeats = Repeats.WEEKLY if rule.interval == 1 else Repeats.FORTNIGHTLY
        return {**choices, "repeats": repeats, "weekday": day.number}
    if rule.freq == django_recurrence.MONTHLY and rule.interval == 1 and day.index in (1, 2, 3, 4, -1):
        return {**choices, "repeats": Repeats.MONTHLY, "weekday": day.number, "week_of_month": day.index}
    return None


def schedule_describe(schedule) -> str:
    """A schedule in a few plain words, e.g. "Every 2 weeks on Tuesday" or "Last Friday of the month"."""
    choices = recurrence_choices(schedule.recurrences)
    if choices is None:
        return "On set dates"
    weekday = dict(WEEKDAY_CHOICES).get(choices["weekday"], "")
    match choices["repeats"]:
        case Repeats.WEEKLY:
            return f"Every {weekday}"
        case Repeats.FORTNIGHTLY:
            return f"Every 2 weeks on {weekday}"
        case Repeats.MONTHLY:
            position = dict(WEEK_OF_MONTH_CHOICES)[choices["week_of_month"]]
            return f"{position} {weekday} of the month"
    return "On set dates" if choices["extra"] else "Once"
