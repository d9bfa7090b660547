"""Schedules expand to the right local dates and wall-clock times, whatever django-recurrence does with time zones."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import recurrence as django_recurrence
from django.utils import timezone
from recurrence.fields import RecurrenceField

from events.recurrence import (
    LOCAL_TZ,
    Repeats,
    recurrence_build,
    recurrence_choices,
    schedule_dates,
    schedule_describe,
    schedule_occurrences,
)

MONDAY, TUESDAY, FRIDAY, SUNDAY = 0, 1, 4, 6


@dataclass
class Plan:
    """Just the fields of a Schedule that the expansion reads."""

    starts_on: dt.date
    recurrences: object
    ends_on: dt.date | None = None
    start_time: dt.time = dt.time(10)
    duration_minutes: int = 120


def plan(repeats, weekday=TUESDAY, week_of_month=None, *, starts_on, ends_on=None, excluded=(), extra=(), **fields):
    value = recurrence_build(
        repeats=repeats,
        weekday=weekday,
        week_of_month=week_of_month,
        excluded=excluded,
        extra=extra,
        at=fields.get("start_time", dt.time(10)),
    )
    return Plan(starts_on=starts_on, ends_on=ends_on, recurrences=value, **fields)


def test_a_weekly_group_keeps_its_wall_clock_time_across_both_clock_changes():
    # Sunday mornings from March to November 2027: clocks go forward on 28 March, back on 31 October.
    sunday_group = plan(Repeats.WEEKLY, SUNDAY, starts_on=dt.date(2027, 3, 21), ends_on=dt.date(2027, 11, 7))

    occurrences = schedule_occurrences(sunday_group)

    by_day = {start.date(): (start, end) for start, end in occurrences}
    for day in [dt.date(2027, 3, 21), dt.date(2027, 3, 28), dt.date(2027, 10, 31), dt.date(2027, 11, 7)]:
        start, end = by_day[day]
        assert (start.hour, start.minute, end.hour) == (10, 0, 12), day
    assert by_day[dt.date(2027, 3, 21)][0].utcoffset() == dt.timedelta(0)
    assert by_day[dt.date(2027, 3, 28)][0].utcoffset() == dt.timedelta(hours=1)
    assert by_day[dt.date(2027, 10, 31)][0].utcoffset() == dt.timedelta(0)
    # In UTC the same session moves by an hour, which is what a calendar must show.
    assert by_day[dt.date(2027, 3, 21)][0].astimezone(dt.UTC).hour == 10
    assert by_day[dt.date(2027, 3, 28)][0].astimezone(dt.UTC).hour == 9


def test_a_session_that_spans_the_autumn_change_lasts_its_real_length():
    # Clocks go back at 02:00 BST on 31 October 2027: a two-hour session from 00:30
    # ends at 01:30 on the wall clock, the second time 01:30 comes round.
    late = plan(Repeats.ONCE, starts_on=dt.date(2027, 10, 31), start_time=dt.time(0, 30), duration_minutes=120)

    [(start, end)] = schedule_occurrences(late)

    # Subtracting in UTC: Python compares two London times by their wall clocks.
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=2)
    assert end.astimezone(LOCAL_TZ).time() == dt.time(1, 30)
    assert end.astimezone(LOCAL_TZ).utcoffset() == dt.timedelta(0)


def test_a_start_time_in_the_spring_gap_moves_forward_as_a_wall_clock_would():
    gap = plan(Repeats.ONCE, starts_on=dt.date(2027, 3, 28), start_time=dt.time(1, 30))

    [(start, _end)] = schedule_occurrences(gap)

    assert start.astimezone(LOCAL_TZ).time() == dt.time(2, 30)


def test_excluded_dates_are_skipped_and_extra_dates_added():
    term = plan(
        Repeats.WEEKLY,
        TUESDAY,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 1, 12),
        excluded=[dt.date(2026, 12, 22), dt.date(2026, 12, 29)],
        extra=[dt.date(2026, 12, 18)],
    )

    assert schedule_dates(term) == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 15),
        dt.date(2026, 12, 18),
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 12),
    ]


def test_an_end_date_on_the_day_of_the_last_session_keeps_that_session():
    term = plan(
        Repeats.WEEKLY, FRIDAY, starts_on=dt.date(2027, 1, 8), ends_on=dt.date(2027, 1, 29), start_time=dt.time(19)
    )

    assert schedule_dates(term)[-1] == dt.date(2027, 1, 29)
    assert schedule_occurrences(term)[-1][0] == dt.datetime(2027, 1, 29, 19, tzinfo=LOCAL_TZ)


def test_fortnightly_counts_from_the_first_date():
    fortnightly = plan(Repeats.FORTNIGHTLY, MONDAY, starts_on=dt.date(2026, 12, 7), ends_on=dt.date(2027, 1, 31))

    assert schedule_dates(fortnightly) == [
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 21),
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 18),
    ]


def test_second_tuesday_of_the_month():
    second_tuesday = plan(Repeats.MONTHLY, TUESDAY, 2, starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 4, 30))

    assert schedule_dates(second_tuesday) == [
        dt.date(2027, 1, 12),
        dt.date(2027, 2, 9),
        dt.date(2027, 3, 9),
        dt.date(2027, 4, 13),
    ]


def test_last_friday_of_the_month():
    last_friday = plan(Repeats.MONTHLY, FRIDAY, -1, starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 4, 30))

    assert schedule_dates(last_friday) == [
        dt.date(2027, 1, 29),
        dt.date(2027, 2, 26),
        dt.date(2027, 3, 26),
        dt.date(2027, 4, 30),
    ]


def test_just_once_meets_on_the_first_date_and_any_extra_dates():
    run = plan(Repeats.ONCE, starts_on=dt.date(2027, 2, 6), extra=[dt.date(2027, 2, 13), dt.date(2027, 2, 20)])

    assert schedule_dates(run, last=dt.date(2027, 12, 31)) == [
        dt.date(2027, 2, 6),
        dt.date(2027, 2, 13),
        dt.date(2027, 2, 20),
    ]


def test_an_open_ended_schedule_needs_a_horizon():
    weekly = plan(Repeats.WEEKLY, starts_on=dt.date(2027, 1, 5))

    with pytest.raises(ValueError, match="upper bound"):
        schedule_dates(weekly)
    assert len(schedule_dates(weekly, last=dt.date(2027, 1, 31))) == 4


@pytest.mark.parametrize("reading_zone", ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Europe/London"])
def test_excluded_and_extra_dates_survive_the_database_round_trip_in_any_active_time_zone(reading_zone):
    # django-recurrence writes these as UTC and reads them back in the active time zone:
    # a summer date at a time just after midnight is the previous day in UTC.
    field = RecurrenceField()
    value = recurrence_build(
        repeats=Repeats.WEEKLY,
        weekday=SUNDAY,
        excluded=[dt.date(2027, 7, 4)],
        extra=[dt.date(2027, 7, 7)],
        at=dt.time(0, 30),
    )
    stored = field.get_prep_value(value)
    assert "EXDATE:20270703T233000Z" in stored

    with timezone.override(ZoneInfo(reading_zone)):
        read_back = field.to_python(stored)
    summer = Plan(starts_on=dt.date(2027, 6, 27), ends_on=dt.date(2027, 7, 18), recurrences=read_back)

    assert schedule_dates(summer) == [
        dt.date(2027, 6, 27),
        dt.date(2027, 7, 7),
        dt.date(2027, 7, 11),
        dt.date(2027, 7, 18),
    ]


def test_dates_the_old_widget_sent_as_browser_local_midnight_still_mean_the_london_date():
    # django-recurrence's own widget sends midnight in the browser's zone; in London in
    # summer that is 23:00 UTC the day before.
    midnight_in_london = dt.datetime(2027, 7, 4, tzinfo=LOCAL_TZ)
    value = django_recurrence.Recurrence(
        rrules=[django_recurrence.Rule(django_recurrence.WEEKLY, byday=[django_recurrence.SU])],
        exdates=[midnight_in_london.astimezone(dt.UTC)],
    )
    summer = Plan(starts_on=dt.date(2027, 6, 27), ends_on=dt.date(2027, 7, 11), recurrences=value)

    assert dt.date(2027, 7, 4) not in schedule_dates(summer)
    assert dt.date(2027, 7, 3) not in schedule_dates(summer)
    assert schedule_dates(summer) == [dt.date(2027, 6, 27), dt.date(2027, 7, 11)]


@pytest.mark.parametrize(
    ("repeats", "weekday", "week_of_month"),
    [
        (Repeats.WEEKLY, TUESDAY, None),
        (Repeats.FORTNIGHTLY, FRIDAY, None),
        (Repeats.MONTHLY, TUESDAY, 2),
        (Repeats.MONTHLY, FRIDAY, -1),
        (Repeats.ONCE, None, None),
    ],
)
def test_the_plain_choices_are_read_back_from_the_stored_rule(repeats, weekday, week_of_month):
    field = RecurrenceField()
    value = recurrence_build(
        repeats=repeats, weekday=weekday or 0, week_of_month=week_of_month, excluded=[dt.date(2027, 5, 4)]
    )

    choices = recurrence_choices(field.to_python(field.get_prep_value(value)))

    assert choices["repeats"] == repeats
    assert choices["weekday"] == weekday
    assert choices["week_of_month"] == week_of_month
    assert choices["excluded"] == [dt.date(2027, 5, 4)]


def test_a_rule_the_choices_cannot_express_is_reported_as_such():
    mondays_and_thursdays = django_recurrence.Recurrence(
        rrules=[django_recurrence.Rule(django_recurrence.WEEKLY, byday=[django_recurrence.MO, django_recurrence.TH])]
    )

    assert recurrence_choices(mondays_and_thursdays) is None


@pytest.mark.parametrize(
    ("repeats", "weekday", "week_of_month", "words"),
    [
        (Repeats.WEEKLY, TUESDAY, None, "Every Tuesday"),
        (Repeats.FORTNIGHTLY, MONDAY, None, "Every 2 weeks on Monday"),
        (Repeats.MONTHLY, TUESDAY, 2, "Second Tuesday of the month"),
        (Repeats.MONTHLY, FRIDAY, -1, "Last Friday of the month"),
        (Repeats.ONCE, 0, None, "Once"),
    ],
)
def test_schedules_are_described_in_plain_words(repeats, weekday, week_of_month, words):
    schedule = plan(repeats, weekday, week_of_month, starts_on=dt.date(2027, 1, 1))

    assert schedule_describe(schedule) == words
