"""Calendar files (RFC 5545) built from sessions: plain functions returning icalendar objects.

A feed shows exactly the sessions the site lists, and nothing a calendar app could
invent beyond them. Sessions are rows created up to a rolling horizon, so:

- A schedule's sessions become ONE event with a recurrence rule in Europe/London
  local time (DTSTART;TZID=Europe/London), so the group stays at 10:00 through both
  clock changes. The rule is the schedule's own, but it starts at the first session
  the feed lists and ends (UNTIL, in UTC as RFC 5545 requires when DTSTART has a
  TZID) at the last session that exists as a row. Ending at the horizon rather than
  at the schedule's end date means a calendar never shows a date the site has not
  created yet; when the horizon rolls forward the feed's version changes and the
  rule is extended. Every date the rule gives that has no session (excluded dates,
  cancelled sessions, sessions removed from the rule) is an EXDATE.
- A session that staff moved, or that differs from the series in length or venue,
  is an override with the same UID and RECURRENCE-ID set to where the rule put it.
- Sessions the rule does not give (extra dates, sessions added by hand, the dates
  of a one-off workshop) are events of their own. RDATE would also express extra
  dates, but Outlook ignores it, so they are never used.

Public feeds carry only what the public pages show: no names, no booking figures.
The words in a file (calendar name, "Cancelled", descriptions) are in the active
language: the views choose it, and the file's cache key includes it.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration, vRecur

from events.ical_rules import (
    feed_recur,
    latest_reading,
    read_alike,
    recur_starts,
    rule_parts,
    wall_clock,
    written,
)
from events.models.schedules import BookingMode, SessionStatus
from home.text import text_clean

from .models import Session
from .recurrence import LOCAL_TZ, UTC

PRODID = "-//Gather//Calendar feeds 1.0//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often calendar apps should fetch a feed again. Google and Outlook decide for
# themselves; Apple Calendar and others follow these hints.
REFRESH_INTERVAL = dt.timedelta(hours=1)
# SEQUENCE of a series is the time of its latest change, counted in seconds from this
# moment: it goes up with every change and never down, with no counter to keep.
SEQUENCE_EPOCH = dt.datetime(2026, 1, 1, tzinfo=UTC)

PageUrl = Callable[[object], str]


def london_vtimezone() -> Timezone:
    """The Europe/London VTIMEZONE, written out rather than generated.

    This one gives the rule Outlook and the others expect: summer time (BST, +01:00)
    from 01:00 GMT on the last Sunday of March, winter time (GMT) from 02:00 BST on
    the last Sunday of October.
    """
    # icalendar 7.3.2 still starts summer time an hour late:
    # Timezone.from_tzid("Europe/London", first_date=date(2026, 1, 1), last_date=date(2028, 1, 1))
    # writes, besides a STANDARD block from 2026-01-01 and a correct one for October,
    #   BEGIN:DAYLIGHT
    #   DTSTART:20260329T020000
    #   RDATE:20270328T020000
    #   TZNAME:BST
    #   TZOFFSETFROM:+0000
    #   TZOFFSETTO:+0100
    #   END:DAYLIGHT
    # DTSTART is read in TZOFFSETFROM (RFC 5545), so that is 02:00 GMT, not 01:00, and
    # icalendar reading its own block back agrees: 01:00-02:00 GMT on 29 March 2026
    # comes out as +00:00. Keep this block while
    # tests/events/test_ical.py::test_icalendars_own_europe_london_block_starts_summer_time_at_one_in_the_morning
    # is an expected failure; when it passes, use icalendar's block and delete this one.
    daylight = TimezoneDaylight()
    daylight.add("tzname", "BST")
    daylight.add("tzoffsetfrom", dt.timedelta(0))
    daylight.add("tzoffsetto", dt.timedelta(hours=1))
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 1, 0))
    daylight.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"}))
    standard = TimezoneStandard()
    standard.add("tzname", "GMT")
    standard.add("tzoffsetfrom", dt.timedelta(hours=1))
    standard.add("tzoffsetto", dt.timedelta(0))
    standard.add("dtstart", dt.datetime(1970, 10, 25, 2, 0))
    standard.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"}))
    vtimezone = Timezone()
    vtimezone.add("tzid", LOCAL_TZ.key)
    vtimezone.add("x-lic-location", LOCAL_TZ.key)
    vtimezone.add_component(daylight)
    vtimezone.add_component(standard)
    return vtimezone


def calendar_new(*, name: str, description: str = "") -> Calendar:
    """An empty published calendar with its name, refresh hints and time zone."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = text_clean(name)
    if description:
        calendar.description = text_clean(description, multiline=True)
    calendar.add("x-wr-timezone", LOCAL_TZ.key)
    # Added by hand: icalendar's refresh_interval setter leaves out VALUE=DURATION,
    # which RFC 7986 requires.
    calendar.add("refresh-interval", vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(london_vtimezone())
    return calendar


def uid_domain() -> str:
    """The host part of every UID, fixed by settings so UIDs never depend on a request."""
    return urlsplit(settings.BASE_URL).hostname or "gather.invalid"


def series_uid(schedule) -> str:
    return f"schedule-{schedule.pk}@{uid_domain()}"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{uid_domain()}"


def venue_text(venue) -> str:
    """A venue as one line a calendar app can show and hand to a map."""
    if venue is None:
        return ""
    lines = [venue.name, *(line.strip() for line in venue.address.splitlines()), venue.postcode]
    return ", ".join(line for line in lines if line)


def _utc_seconds(value: dt.datetime) -> dt.datetime:
    return value.astimezone(UTC).replace(microsecond=0)


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [value for value in values if value is not None]
    return max(present) if present else None


def _booking_line(booking_mode: str) -> str:
    if booking_mode == BookingMode.DROP_IN:
        return _("Drop in: there is no need to book.")
    return _("Please book a place on the website.")


def _details_line(url: str) -> str:
    # Translators: the last line of a calendar event's description, followed by the web address.
    return _("Details: %(url)s") % {"url": url} if url else ""


def _event(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    location: str,
    description: str,
    url: str,
    sequence: int,
    last_modified: dt.datetime,
    stamp: dt.datetime,
    status: str = "CONFIRMED",
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", written(start))
    event.add("dtend", written(end))
    # icalendar escapes line feeds, commas and semicolons, but passes other controls and
    # the Unicode line separators through; some readers start a new line at those, which
    # would let a title or an address written by staff add properties of its own.
    event.add("summary", text_clean(summary))
    if location:
        event.add("location", text_clean(location))
    if description:
        event.add("description", text_clean(description, multiline=True))
    if url:
        event.add("url", url)
    event.add("sequence", sequence)
    event.add("last-modified", _utc_seconds(last_modified))
    event.add("status", status)
    return event


def moved_from_text(session: Session) -> str:
    """ "Moved from Tuesday 3 March 2026, 10 a.m. to noon, at Peebles Burgh Hall.", or "" for a session not moved."""
    if session.status != SessionStatus.MOVED or session.moved_from_start is None:
        return ""
    times = {
        "day": date_format(session.moved_from_start.astimezone(LOCAL_TZ), "l j E Y"),
        "start": time_format(session.moved_from_start.astimezone(LOCAL_TZ), "P"),
        "end": time_format(session.moved_from_end.astimezone(LOCAL_TZ), "P"),
    }
    old_venue = session.moved_from_venue if session.moved_from_venue_id != session.venue_id else None
    if old_venue is not None:
        text = _("Moved from %(day)s, %(start)s to %(end)s, at %(venue)s") % {**times, "venue": old_venue.name}
    else:
        text = _("Moved from %(day)s, %(start)s to %(end)s") % times
    # A sentence ending in "p.m." has its full stop already.
    return text if text[-1:] in ".۔।" else text + pgettext("the full stop that ends a sentence", ".")


def _session_description(session: Session, url: str, *, booked: bool = False) -> str:
    notice = {
        SessionStatus.CANCELLED: _("This session is cancelled."),
        SessionStatus.MOVED: _("This session has a new time or place."),
    }.get(session.status, "")
    booking_line = _("You have a place booked.") if booked else _booking_line(session.booking_mode)
    lines = [
        " ".join(part for part in (notice, session.status_reason_shown if notice else "") if part),
        moved_from_text(session),
        "" if session.status == SessionStatus.CANCELLED else booking_line,
        _details_line(url),
    ]
    return "\n".join(line for line in lines if line)


def _session_summary(session: Session) -> str:
    title = session.page.title
    if session.status == SessionStatus.CANCELLED:
        # Translators: the title of a cancelled session in a calendar app.
        return pgettext("calendar event", "Cancelled: %(title)s") % {"title": title}
    if session.status == SessionStatus.MOVED:
        # Translators: the title of a session with a new time or place, in a calendar app.
        return pgettext("calendar event", "%(title)s (moved)") % {"title": title}
    return title


def session_event(session: Session, *, page_url: PageUrl, stamp: dt.datetime, booked: bool = False) -> Event:
    """One session as an event of its own (UID `session-<id>@<host>`); `booked`: for a family with a place."""
    url = page_url(session.page)
    return _event(
        uid=session_uid(session),
        start=session.start,
        end=session.end,
        summary=_session_summary(session),
        location=venue_text(session.venue),
        description=_session_description(session, url, booked=booked),
        url=url,
        sequence=session.sequence,
        last_modified=session.updated_at,
        stamp=stamp,
        status="CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED",
    )


def _series_sequence(schedule, page) -> int:
    changed = _latest(schedule.updated_at, getattr(schedule, "sessions_changed_at", None), page.last_published_at)
    return max(0, int((changed - SEQUENCE_EPOCH).total_seconds()))


def _series_events(
    schedule, sessions: list[Session], *, plain=None, page_url: PageUrl, stamp: dt.datetime
) -> list[Event]:
    """The events for one schedule's sessions: a series with overrides, plus any loose sessions.

    `plain` (events.selectors.calendar.PlainSessions) stands in for the sessions that
    follow the rule exactly, by their starts: the selector has checked that each is a
    date of the series that needs no override, so they only ever shape the series.
    """
    rules = schedule.recurrences.rrules if schedule.recurrences else []
    by_occurrence = {session.occurrence_start.astimezone(UTC): session for session in sessions}
    if plain is not None:
        by_occurrence.update(dict.fromkeys(plain.occurrences, plain))
    if not rules:
        return [session_event(session, page_url=page_url, stamp=stamp) for session in sessions]

    parts = rule_parts(rules[0])
    length = dt.timedelta(minutes=schedule.duration_minutes)
    # Which sessions the rule gives, counted from the schedule's first date, so that
    # a fortnightly rule keeps its weeks when the series starts at a later session.
    rule_walls = {
        start: wall
        for wall, start in recur_starts(
            parts,
            dtstart=dt.datetime.combine(schedule.starts_on, schedule.start_time),
            until=wall_clock(max(by_occurrence)),
        )
    }
    in_rule = sorted(start for start in by_occurrence if start in rule_walls)
    # The series starts at a session every client reads alike: its DTSTART and DTEND
    # set the time and length of all the others. Sessions before it stand alone.
    first = next((start for start in in_rule if read_alike(rule_walls[start], length)), None)
    if first is None:
        return [session_event(session, page_url=page_url, stamp=stamp) for session in sessions]

    until = in_rule[-1]
    recur = feed_recur(parts, until=latest_reading(rule_walls[until]))
    # Expanded again from the published DTSTART: the EXDATEs and overrides below are
    # worked out from exactly what a client will compute.
    published = recur_starts(parts, dtstart=rule_walls[first], until=rule_walls[until])
    published_walls = {start: wall for wall, start in published}
    members = [by_occurrence[start] for start in published_walls if start in by_occurrence]
    member_ids = {session.pk for session in members}
    loose = [session for session in sessions if session.pk not in member_ids]

    page = members[0].page
    url = page_url(page)
    unmoved_venues = Counter(s.venue_id for s in members if s.status != SessionStatus.MOVED) or Counter(
        s.venue_id for s in members
    )
    venue_id = unmoved_venues.most_common(1)[0][0]
    venue = next((s.venue for s in members if s.venue_id == venue_id), None)
    sequence = _series_sequence(schedule, page)
    lines = [schedule.label, _booking_line(schedule.booking_mode), _details_line(url)]
    description = "\n".join(line for line in lines if line)

    master = _event(
        uid=series_uid(schedule),
        start=first,
        end=first + length,
        summary=page.title,
        location=venue_text(venue),
        description=description,
        url=url,
        sequence=sequence,
        last_modified=_latest(schedule.updated_at, *(s.updated_at for s in members)),
        stamp=stamp,
    )
    master.add("rrule", recur)
    # EXDATE and RECURRENCE-ID name an occurrence by the wall-clock time the rule
    # gives, even one the clocks skip: that is the value clients match them against.
    for start, wall in published_walls.items():
        if start not in by_occurrence:
            master.add("exdate", wall.replace(tzinfo=LOCAL_TZ))

    events = [master]
    for session in members:
        if session is plain:
            continue
        occurrence = session.occurrence_start
        wall = published_walls[occurrence.astimezone(UTC)]
        if (
            session.status == SessionStatus.SCHEDULED
            and session.start == occurrence
            and session.end == occurrence + length
            and session.venue_id == venue_id
            and read_alike(wall, length)
        ):
            continue
        override = _event(
            uid=series_uid(schedule),
            start=session.start,
            end=session.end,
            summary=_session_summary(session),
            location=venue_text(session.venue),
            description=_session_description(session, url),
            url=url,
            sequence=sequence,
            last_modified=session.updated_at,
            stamp=stamp,
        )
        override.add("recurrence-id", wall.replace(tzinfo=LOCAL_TZ))
        events.append(override)
    return events + [session_event(session, page_url=page_url, stamp=stamp) for session in loose]


def _sorted_events(events: Iterable[Event]) -> list[Event]:
    return sorted(
        events,
        key=lambda event: (event.decoded("dtstart"), str(event["uid"]), "RECURRENCE-ID" in event),
    )


def feed_calendar(
    *,
    sessions: Iterable[Session],
    plain: dict | None = None,
    name: str,
    description: str = "",
    page_url: PageUrl,
    now: dt.datetime | None = None,
) -> Calendar:
    """A public feed of `sessions` (cancelled ones are left out), and of `plain`.

    Sessions of a schedule become one recurring event; the rest stand alone. `plain`
    is {schedule id: PlainSessions} from events.selectors.calendar.calendar_feed_sessions:
    the dates that follow a schedule's rule, counted rather than read.
    """
    stamp = _utc_seconds(now or timezone.now())
    plain = plain or {}
    by_schedule: dict[int, list[Session]] = {schedule_id: [] for schedule_id in plain}
    schedules = {schedule_id: each.schedule for schedule_id, each in plain.items()}
    events = []
    for session in sessions:
        if session.status == SessionStatus.CANCELLED:
            continue
        if session.schedule_id is None or session.occurrence_start is None:
            events.append(session_event(session, page_url=page_url, stamp=stamp))
        else:
            by_schedule.setdefault(session.schedule_id, []).append(session)
            schedules.setdefault(session.schedule_id, session.schedule)
    for schedule_id, schedule_sessions in by_schedule.items():
        events.extend(
            _series_events(
                schedules[schedule_id],
                schedule_sessions,
                plain=plain.get(schedule_id),
                page_url=page_url,
                stamp=stamp,
            )
        )
    calendar = calendar_new(name=name, description=description)
    for event in _sorted_events(events):
        calendar.add_component(event)
    return calendar


def sessions_calendar(
    *,
    sessions: Iterable[Session],
    name: str,
    description: str = "",
    page_url: PageUrl,
    now: dt.datetime | None = None,
    booked: bool = False,
) -> Calendar:
    """Each session as an event of its own: a family's feed, a download, an email attachment.

    `booked` says the family has a place in each (a confirmation's attachment), instead
    of inviting the reader to book one.

    A family books single dates, not whole series, so there are no recurrence rules
    here. A cancelled session is published with STATUS:CANCELLED, so that opening
    the file again takes it out of the family's calendar. Nothing about a booking
    (names, numbers, needs) goes into the file: it ends up stored by whichever
    calendar service the family uses.
    """
    stamp = _utc_seconds(now or timezone.now())
    calendar = calendar_new(name=name, description=description)
    events = (session_event(session, page_url=page_url, stamp=stamp, booked=booked) for session in sessions)
    for event in _sorted_events(events):
        calendar.add_component(event)
    return calendar


__all__ = [
    "CONTENT_TYPE",
    "calendar_new",
    "feed_calendar",
    "london_vtimezone",
    "sessions_calendar",
    "session_event",
    "venue_text",
]
