"""Calendar files: parsed back and expanded by an independent client, and read as raw text.

recurring-ical-events stands in for a calendar app: whatever it expands from a feed
must be exactly the sessions the site lists, through both clock changes, with
excluded dates, cancellations, moves, extra dates and hand-added sessions.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db.models import signals
from django.utils import timezone
from icalendar import Timezone
from wagtail.models import Page

from events import ical
from events.models import Booking, Session
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ
from events.selectors.calendar import (
    CalendarScope,
    calendar_feed_sessions,
    calendar_sessions,
    calendar_window_start,
    feed_version,
)
from events.services.bookings import booking_create
from events.services.sessions import page_sessions_sync, session_cancel, session_move, sessions_sync
from tests.events.calendar_scenarios import (
    FALL_BACK,
    START,
    UTC,
    at,
    clock_started,
    expanded,
    listed,
    parse,
    schedule_create,
    session_on,
    unfolded_lines,
    vevents_with_uid,
    year_build,
)
from tests.factories import area_add, group_add, site_tree, venue_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with clock_started() as running:
        yield running


@pytest.fixture
def year(clock):
    return year_build()


def page_url(page):
    return page.get_full_url()


def feed(scope: CalendarScope, **kwargs) -> bytes:
    shown = calendar_feed_sessions(scope)
    return ical.feed_calendar(
        sessions=shown.sessions, plain=shown.plain, name="Test feed", page_url=page_url, **kwargs
    ).to_ical()


# What a calendar app shows -------------------------------------------------------


def test_site_feed_expands_to_exactly_the_sessions_the_site_lists(year):
    since = calendar_window_start()
    shown = expanded(feed(CalendarScope.site()), since)

    assert shown == listed(since)
    # Sanity: the year really is there, across both clock changes.
    assert sum(shown.values()) > 200
    assert any(start.date() > FALL_BACK for start, _end in shown)


@pytest.mark.parametrize(
    ("scope_name", "page_names"),
    [
        ("borders", None),
        ("croydon", None),
        ("page", ["peebles"]),
        ("page", ["innerleithen"]),
        ("page", ["broughton"]),
        ("page", ["walkerburn"]),
        ("page", ["west_linton"]),
        ("page", ["croydon_mums"]),
        ("page", ["sleep_workshop"]),
        ("page", ["weaning_workshop"]),
    ],
)
def test_area_and_page_feeds_expand_to_the_sessions_their_pages_list(year, scope_name, page_names):
    since = calendar_window_start()
    if page_names:
        page = getattr(year, page_names[0])
        scope, expected = CalendarScope.for_page(page), listed(since, pages=[page])
    else:
        area = getattr(year, scope_name)
        scope, expected = CalendarScope.area(area), listed(since, area=area)

    shown = expanded(feed(scope), since)

    assert shown == expected
    assert shown, "every scope in the year has sessions"


def test_sessions_keep_their_local_time_through_both_clock_changes(year):
    shown = expanded(feed(CalendarScope.for_page(year.broughton)), calendar_window_start())
    starts = {start for start, _end in shown}

    # Sunday 09:30 every week: GMT (09:30 UTC) before and after summer time, BST (08:30 UTC) in it.
    assert dt.datetime(2027, 3, 21, 9, 30, tzinfo=UTC) in starts
    assert dt.datetime(2027, 3, 28, 8, 30, tzinfo=UTC) in starts  # the morning the clocks go forward
    assert dt.datetime(2027, 10, 24, 8, 30, tzinfo=UTC) in starts
    assert dt.datetime(2027, 11, 7, 9, 30, tzinfo=UTC) in starts
    # Cancelled on the morning the clocks go back.
    assert not any(start.date() == FALL_BACK for start in starts)


def test_the_feed_lists_the_day_it_is_published_and_nothing_before(year, clock):
    # Thursday 18 March 2027, 15:00: Tuesday's session is over, today's extra sessions not.
    clock.move_to(dt.datetime(2027, 3, 18, 15, 0, tzinfo=UTC))
    since = calendar_window_start()
    assert since == at(dt.date(2027, 3, 18), 0)

    body = feed(CalendarScope.site())

    assert expanded(body, since) == listed(since)
    assert expanded(body, since - dt.timedelta(days=400), since) == {}


def test_a_fortnightly_series_keeps_its_weeks_when_the_feed_starts_later(year, clock):
    clock.move_to(dt.datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    body = feed(CalendarScope.for_page(year.innerleithen))
    schedule = year.schedules["innerleithen"]
    (master,) = [e for e in vevents_with_uid(body, f"schedule-{schedule.pk}@testserver") if "RECURRENCE-ID" not in e]

    # 5 December 2026 and every second Saturday after: 5 June 2027 is one of them.
    assert master.decoded("DTSTART") == at(dt.date(2027, 6, 5), 10, 30)
    assert expanded(body, calendar_window_start()) == listed(calendar_window_start(), pages=[year.innerleithen])


def test_no_session_appears_beyond_the_horizon(clock):
    tree = site_tree()
    area = area_add(tree, "Tweeddale")
    group = group_add(area, "Eddleston toddlers", venue=venue_add("Eddleston Village Hall"))
    schedule = schedule_create(
        group, repeats="weekly", weekday=3, starts_on=dt.date(2026, 12, 3), start_time=dt.time(10), horizon_days=60
    )
    last = Session.objects.filter(schedule=schedule).order_by("-start").first()

    body = feed(CalendarScope.for_page(group))

    assert max(start for start, _end in expanded(body, START)) == last.start
    assert f"UNTIL={last.start.astimezone(UTC):%Y%m%dT%H%M%S}Z" in body.decode()
    assert expanded(body, START) == listed(calendar_window_start(), pages=[group])


# How the feed says it ------------------------------------------------------------


def test_a_schedule_is_one_recurring_event_in_local_time(year):
    schedule = year.schedules["peebles"]
    body = feed(CalendarScope.for_page(year.peebles))
    text = body.decode()
    uid = f"schedule-{schedule.pk}@testserver"
    events = vevents_with_uid(body, uid)
    masters = [event for event in events if "RECURRENCE-ID" not in event]

    assert len(masters) == 1
    master_lines = unfolded_lines(masters[0].to_ical())
    assert "DTSTART;TZID=Europe/London:20261201T100000" in master_lines
    assert "DTEND;TZID=Europe/London:20261201T120000" in master_lines
    (rrule_line,) = [line for line in master_lines if line.startswith("RRULE:")]
    last = Session.objects.filter(schedule=schedule).exclude(status=SessionStatus.CANCELLED).order_by("-start").first()
    assert re.fullmatch(r"RRULE:FREQ=WEEKLY;UNTIL=(\d{8}T\d{6}Z);BYDAY=TU", rrule_line)
    # UNTIL is in UTC (RFC 5545: DTSTART has a TZID) and is the last session that exists.
    assert rrule_line.split("UNTIL=")[1].split(";")[0] == f"{last.occurrence_start.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    # Excluded dates and cancelled sessions are EXDATEs in local time.
    exdates = [line for line in master_lines if line.startswith("EXDATE")]
    assert exdates == [
        "EXDATE;TZID=Europe/London:20261222T100000",
        "EXDATE;TZID=Europe/London:20261229T100000",
        "EXDATE;TZID=Europe/London:20270330T100000",
        "EXDATE;TZID=Europe/London:20270406T100000",
    ]
    assert "RDATE" not in text


def test_a_moved_session_overrides_its_occurrence_with_the_same_uid(year):
    schedule = year.schedules["peebles"]
    body = feed(CalendarScope.for_page(year.peebles))
    overrides = {
        event.decoded("RECURRENCE-ID"): event
        for event in vevents_with_uid(body, f"schedule-{schedule.pk}@testserver")
        if "RECURRENCE-ID" in event
    }

    assert set(overrides) == {at(dt.date(2027, 3, 23), 10), at(dt.date(2027, 11, 2), 10)}
    across_spring = unfolded_lines(overrides[at(dt.date(2027, 3, 23), 10)].to_ical())
    assert "RECURRENCE-ID;TZID=Europe/London:20270323T100000" in across_spring
    assert "DTSTART;TZID=Europe/London:20270331T110000" in across_spring
    assert "DTEND;TZID=Europe/London:20270331T130000" in across_spring
    assert "SUMMARY:Peebles parents and toddlers (moved)" in across_spring
    assert any(line.startswith("LOCATION:Innerleithen Community Cafe") for line in across_spring)
    assert any("The hall is being painted." in line for line in across_spring)
    venue_only = unfolded_lines(overrides[at(dt.date(2027, 11, 2), 10)].to_ical())
    assert "DTSTART;TZID=Europe/London:20271102T100000" in venue_only
    assert any(line.startswith("LOCATION:Innerleithen Community Cafe") for line in venue_only)


def test_extra_dates_and_hand_added_sessions_are_events_of_their_own(year):
    extra = session_on(year.schedules["peebles"], dt.date(2027, 2, 18))
    second_part = session_on(year.schedules["weaning_workshop"], dt.date(2027, 11, 6))
    first_part = session_on(year.schedules["weaning_workshop"], dt.date(2027, 10, 30))
    body = feed(CalendarScope.site())

    for session in (extra, year.hand_added, first_part, second_part):
        (event,) = vevents_with_uid(body, f"session-{session.pk}@testserver")
        assert event.decoded("DTSTART") == session.start
        assert "RRULE" not in event and "RECURRENCE-ID" not in event
    assert not vevents_with_uid(body, f"schedule-{year.schedules['weaning_workshop'].pk}@testserver")


def test_the_time_zone_block_is_written_out_for_europe_london(year):
    text = feed(CalendarScope.site()).decode()
    block = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]

    assert text.count("BEGIN:VTIMEZONE") == 1
    assert text.index("END:VTIMEZONE") < text.index("BEGIN:VEVENT")
    daylight = block[block.index("BEGIN:DAYLIGHT") : block.index("END:DAYLIGHT")].split("\r\n")
    standard = block[block.index("BEGIN:STANDARD") : block.index("END:STANDARD")].split("\r\n")
    assert "TZID:Europe/London" in block.split("\r\n")
    assert {"DTSTART:19700329T010000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST"} <= set(daylight)
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in daylight
    assert {"DTSTART:19701025T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT"} <= set(standard)
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in standard
    assert "RDATE" not in block


def offsets_unlike_the_tz_database(vtimezone: Timezone) -> list[dt.datetime]:
    """The moments, each quarter hour around every change from 2026 to 2035, at which the
    block read on its own terms (not by its name) gives another UTC offset than the tz
    database. 2027's changes fall on 28 March and 31 October.
    """
    own_rules = vtimezone.to_tz(lookup_tzid=False)
    london = ZoneInfo("Europe/London")
    unlike = []
    for year_number in range(2026, 2036):
        for month in (3, 10):
            last_sunday = max(
                dt.date(year_number, month, day)
                for day in range(25, 32)
                if dt.date(year_number, month, day).weekday() == 6
            )
            change = dt.datetime.combine(last_sunday, dt.time(1), tzinfo=UTC)
            for quarter in range(-8, 9):
                moment = change + dt.timedelta(minutes=15 * quarter)
                if moment.astimezone(own_rules).utcoffset() != moment.astimezone(london).utcoffset():
                    unlike.append(moment)
    return unlike


def test_the_time_zone_block_agrees_with_the_tz_database_at_every_change():
    assert offsets_unlike_the_tz_database(ical.london_vtimezone()) == []


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="icalendar 7.3.2 starts Europe/London's summer time at 02:00 GMT, an hour late. When this "
    "passes, use icalendar's own VTIMEZONE and delete events.ical.london_vtimezone.",
)
def test_icalendars_own_europe_london_block_starts_summer_time_at_one_in_the_morning():
    generated = Timezone.from_tzid("Europe/London", first_date=dt.date(2026, 1, 1), last_date=dt.date(2036, 1, 1))
    (daylight,) = generated.walk("DAYLIGHT")

    # RFC 5545: an observance's DTSTART is in the time before the change (TZOFFSETFROM).
    assert daylight.decoded("DTSTART") == dt.datetime(2026, 3, 29, 1, 0)
    assert offsets_unlike_the_tz_database(generated) == []


def test_the_calendar_says_its_name_method_and_refresh_hints(year):
    lines = unfolded_lines(
        ical.feed_calendar(
            sessions=calendar_sessions(CalendarScope.site()),
            name="Gather Family Support: groups and workshops",
            description="Every group and workshop.",
            page_url=page_url,
        ).to_ical()
    )
    head = lines[: lines.index("BEGIN:VTIMEZONE")]

    assert head[0] == "BEGIN:VCALENDAR"
    assert {
        "VERSION:2.0",
        "PRODID:-//Gather//Calendar feeds 1.0//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Gather Family Support: groups and workshops",
        "NAME:Gather Family Support: groups and workshops",
        "X-WR-CALDESC:Every group and workshop.",
        "X-WR-TIMEZONE:Europe/London",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    } <= set(head)
    assert lines.count("METHOD:PUBLISH") == 1


def test_every_event_has_the_required_stamps(year, clock):
    body = feed(CalendarScope.site())
    for event in parse(body).walk("VEVENT"):
        lines = unfolded_lines(event.to_ical())
        assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
        assert any(re.fullmatch(r"LAST-MODIFIED:\d{8}T\d{6}Z", line) for line in lines)
        assert any(re.fullmatch(r"SEQUENCE:\d+", line) for line in lines)
        assert any(line.startswith("DTSTART;TZID=Europe/London:") for line in lines)
        assert any(line.startswith("DTEND;TZID=Europe/London:") for line in lines)
        assert str(event["UID"]).endswith("@testserver")


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_characters(clock):
    tree = site_tree()
    area = area_add(tree, "Croydon")
    title = "Café for mums – تعال واشرب الشاي – bring your little ones, all welcome ☕ " * 2
    group = group_add(area, title[:250], venue=venue_add("Centre"))
    schedule_create(group, repeats="weekly", weekday=2, starts_on=dt.date(2026, 12, 2), start_time=dt.time(10))

    body = feed(CalendarScope.for_page(group))

    assert b"\n" not in body.replace(b"\r\n", b"")
    assert body.endswith(b"END:VCALENDAR\r\n")
    physical = body.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here
    (event,) = parse(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == group.title
    assert "SUMMARY:" + group.title.replace(",", "\\,") in unfolded_lines(body)


# Identity and change -------------------------------------------------------------


def test_uids_are_stable_across_fetches_and_across_an_edit_and_sequence_goes_up(year, clock):
    schedule = year.schedules["broughton"]
    uid = f"schedule-{schedule.pk}@testserver"
    before = feed(CalendarScope.for_page(year.broughton))
    (master_before,) = [e for e in vevents_with_uid(before, uid) if "RECURRENCE-ID" not in e]
    assert (
        vevents_with_uid(feed(CalendarScope.for_page(year.broughton)), uid)[0]["SEQUENCE"] == master_before["SEQUENCE"]
    )

    # An editor changes the start time in the page editor and publishes.
    clock.move_to(clock.current + dt.timedelta(hours=1))
    page = year.broughton
    revision_schedule = page.schedules.get(pk=schedule.pk)
    revision_schedule.start_time = dt.time(10)
    page.schedules = [revision_schedule]
    page.save_revision().publish()
    page_sessions_sync(page=Page.objects.get(pk=page.pk))

    after = feed(CalendarScope.for_page(year.broughton))
    (master_after,) = [e for e in vevents_with_uid(after, uid) if "RECURRENCE-ID" not in e]
    assert master_after.decoded("DTSTART").astimezone(LOCAL_TZ).time() == dt.time(10)
    assert master_after["SEQUENCE"] > master_before["SEQUENCE"]
    since = calendar_window_start()
    assert expanded(after, since) == listed(since, pages=[year.broughton])


def test_a_cancellation_or_move_raises_the_series_sequence(year, clock):
    schedule = year.schedules["croydon_mums"]
    uid = f"schedule-{schedule.pk}@testserver"

    def master_sequence():
        body = feed(CalendarScope.for_page(year.croydon_mums))
        (master,) = [e for e in vevents_with_uid(body, uid) if "RECURRENCE-ID" not in e]
        return master["SEQUENCE"]

    first = master_sequence()
    clock.move_to(clock.current + dt.timedelta(minutes=5))
    session_cancel(session=session_on(schedule, dt.date(2027, 1, 13)), reason="Snow")
    second = master_sequence()
    clock.move_to(clock.current + dt.timedelta(minutes=5))
    moving = session_on(schedule, dt.date(2027, 1, 20))
    session_move(session=moving, start=moving.start + dt.timedelta(hours=1), end=moving.end + dt.timedelta(hours=1))
    third = master_sequence()

    assert first < second < third


def test_a_single_session_file_carries_its_own_sequence_and_cancellation(year, clock):
    session = session_on(year.schedules["croydon_mums"], dt.date(2027, 2, 3))
    body = ical.sessions_calendar(sessions=[session], name=session.page.title, page_url=page_url).to_ical()
    (event,) = parse(body).walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"

    cancelled = session_cancel(session=session, reason="Centre closed for repairs")
    body = ical.sessions_calendar(sessions=[cancelled], name=session.page.title, page_url=page_url).to_ical()
    (event,) = parse(body).walk("VEVENT")

    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Cancelled: ")
    assert "Centre closed for repairs" in str(event["DESCRIPTION"])


def test_public_feeds_carry_no_personal_data(year):
    session = session_on(year.schedules["croydon_mums"], dt.date(2027, 2, 3))
    booking_create(
        session=session,
        first_name="Zainab",
        email="zainab.family@example.org",
        phone="07700 900123",
        adults=1,
        children=2,
        access_needs="Step-free access for a wheelchair",
        consent=True,
        notify=False,
    )
    assert Booking.objects.filter(contact__first_name="Zainab").exists()

    for scope in (CalendarScope.site(), CalendarScope.area(year.croydon), CalendarScope.for_page(year.croydon_mums)):
        text = unfolded_lines(feed(scope))
        joined = "\n".join(text)
        for secret in ("Zainab", "zainab", "07700", "wheelchair", "example.org"):
            assert secret not in joined
        assert not [line for line in text if line.startswith(("ATTENDEE", "ORGANIZER", "CONTACT"))]
        assert not re.search(r"\b\d+ (places?|booked)\b", joined)


# Versions ------------------------------------------------------------------------


def test_the_feed_version_changes_with_anything_the_feed_shows(year, clock):
    scope = CalendarScope.for_page(year.peebles)
    versions = [feed_version(scope).key]

    def changed():
        clock.move_to(clock.current + dt.timedelta(seconds=2))
        versions.append(feed_version(scope).key)
        return versions[-1] != versions[-2]

    assert feed_version(scope).key == versions[0], "same data, same version"
    session_cancel(session=session_on(year.schedules["peebles"], dt.date(2027, 5, 4)), reason="Closed")
    assert changed()
    moving = session_on(year.schedules["peebles"], dt.date(2027, 5, 11))
    session_move(session=moving, start=moving.start, end=moving.end + dt.timedelta(minutes=30))
    assert changed()
    year.peebles.title = "Peebles parents, babies and toddlers"
    year.peebles.save_revision().publish()
    assert changed()
    clock.move_to(dt.datetime(2026, 12, 2, 0, 30, tzinfo=UTC))
    assert changed(), "a new day drops yesterday's sessions"


def test_calendar_sessions_costs_four_queries_whatever_the_number_of_groups(clock, django_assert_num_queries):
    tree = site_tree()
    area = area_add(tree, "Tweeddale")
    hall = venue_add("Hall")

    def groups_added(count):
        for number in range(count):
            group = group_add(area, f"Group {Page.objects.count()}-{number}", venue=hall)
            schedule_create(
                group, repeats="weekly", weekday=number % 7, starts_on=dt.date(2026, 12, 1), start_time=dt.time(10)
            )

    groups_added(2)
    with django_assert_num_queries(4):
        small = calendar_sessions(CalendarScope.site())
    groups_added(6)
    with django_assert_num_queries(4):
        large = calendar_sessions(CalendarScope.site())
    assert len(large) > len(small) > 0
    assert timezone.now() < large[0].end


def test_a_public_feed_reads_the_changed_sessions_and_counts_the_rest(clock, django_assert_num_queries):
    tree = site_tree()
    hall, cafe = venue_add("Peebles Church Hall"), venue_add("Innerleithen Community Cafe")
    group = group_add(area_add(tree, "Tweeddale"), "Peebles parents and toddlers", venue=hall)
    schedule = schedule_create(
        group,
        repeats="weekly",
        weekday=1,
        starts_on=dt.date(2026, 12, 1),
        start_time=dt.time(10),
        excluded=[dt.date(2026, 12, 22)],
        extra=[dt.date(2027, 1, 14)],
        horizon_days=100,
    )
    cancelled = session_cancel(session=session_on(schedule, dt.date(2027, 1, 5)), reason="Leader unwell.")
    moved = session_move(
        session=session_on(schedule, dt.date(2027, 1, 12)),
        start=at(dt.date(2027, 1, 13), 11),
        end=at(dt.date(2027, 1, 13), 13),
        venue=cafe,
    )
    extra = session_on(schedule, dt.date(2027, 1, 14))
    scope = CalendarScope.for_page(group)

    def sessions_read_building_the_feed():
        read = []

        def record(sender, instance, **kwargs):
            read.append(instance.pk)

        signals.post_init.connect(record, sender=Session)
        try:
            # The schedules and their pages, the sessions counted, the sessions read, the venues.
            with django_assert_num_queries(4):
                shown = calendar_feed_sessions(scope)
            with django_assert_num_queries(0):
                body = ical.feed_calendar(
                    sessions=shown.sessions, plain=shown.plain, name="Peebles", page_url=lambda page: "https://x.test/"
                ).to_ical()
        finally:
            signals.post_init.disconnect(record, sender=Session)
        return sorted(read), body

    since = calendar_window_start()
    read, body = sessions_read_building_the_feed()
    assert expanded(body, since) == listed(since, pages=[group.pk])
    dates = Session.objects.filter(schedule=schedule).count()
    sessions_sync(schedule=schedule, horizon_days=300)
    read_with_more_dates, body_with_more_dates = sessions_read_building_the_feed()

    assert Session.objects.filter(schedule=schedule).count() > 2 * dates
    assert read == read_with_more_dates == sorted([cancelled.pk, moved.pk, extra.pk])
    assert expanded(body_with_more_dates, since) == listed(since, pages=[group.pk])
    assert body_with_more_dates.count(b"BEGIN:VEVENT") == body.count(b"BEGIN:VEVENT")
