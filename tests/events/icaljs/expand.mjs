// Expands calendar files with ical.js, the library Thunderbird reads calendars with.
//
//   node expand.mjs START END < feed.ics
//       One calendar; prints a JSON list of its occurrences between START and END.
//   node expand.mjs < batch.json
//       A JSON list of {"ics", "start", "end"}; prints one list of occurrences per
//       calendar, so a whole test run needs one Node process.
//
// START and END are ISO 8601 instants. An occurrence is listed when it overlaps the
// window, as {"uid", "summary", "status", "start", "end"} with start and end as UTC
// instants ("2027-03-28T01:30:00Z").
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// An override can move an occurrence into the window from later on, so a rule is
// followed this far past the window's end (or to its own end, if sooner).
const LOOK_BEYOND_MS = 366 * 24 * 3600 * 1000;

function utcText(time) {
  return time.toJSDate().toISOString().replace(".000Z", "Z");
}

function registerZones(calendar) {
  // Each calendar is read with its own time zone blocks only, never with one left
  // over from the calendar before it or with the machine's own zone data.
  ICAL.TimezoneService.reset();
  const known = new Set();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
    known.add(vtimezone.getFirstPropertyValue("tzid"));
  }
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    for (const property of vevent.getAllProperties()) {
      const tzid = property.getParameter("tzid");
      if (tzid && !known.has(tzid)) {
        // Without its block the time would silently be read as floating time.
        throw new Error(`${property.name} names TZID ${tzid}, which the calendar does not define`);
      }
    }
  }
}

function occurrence(event, start, end) {
  return {
    uid: event.uid,
    summary: event.summary,
    status: event.component.getFirstPropertyValue("status") || null,
    start: utcText(start),
    end: utcText(end),
  };
}

function expand(ics, windowStart, windowEnd) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  registerZones(calendar);
  const from = Date.parse(windowStart);
  const to = Date.parse(windowEnd);
  const overlaps = (start, end) => end.toJSDate().getTime() > from && start.toJSDate().getTime() < to;

  // Left to itself, ICAL.Event relates every RECURRENCE-ID in the file to every
  // series, whatever its UID; a calendar app keeps each UID's apart, so this does.
  const series = new Map();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const uid = vevent.getFirstPropertyValue("uid");
    if (!series.has(uid)) {
      series.set(uid, { masters: [], exceptions: [] });
    }
    const entry = series.get(uid);
    (vevent.hasProperty("recurrence-id") ? entry.exceptions : entry.masters).push(vevent);
  }
  const masters = [];
  for (const [uid, entry] of series) {
    if (entry.masters.length !== 1) {
      throw new Error(`UID ${uid} has ${entry.masters.length} events without RECURRENCE-ID`);
    }
    masters.push(new ICAL.Event(entry.masters[0], { strictExceptions: true, exceptions: entry.exceptions }));
  }

  const found = [];
  for (const event of masters) {
    if (!event.isRecurring()) {
      if (overlaps(event.startDate, event.endDate)) {
        found.push(occurrence(event, event.startDate, event.endDate));
      }
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (next.toJSDate().getTime() > to + LOOK_BEYOND_MS) {
        break;
      }
      const details = event.getOccurrenceDetails(next);
      if (overlaps(details.startDate, details.endDate)) {
        found.push(occurrence(details.item, details.startDate, details.endDate));
      }
    }
  }
  found.sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
  return found;
}

const input = readFileSync(0, "utf8");
let output;
if (input.trimStart().startsWith("BEGIN:VCALENDAR")) {
  const [windowStart, windowEnd] = process.argv.slice(2);
  if (!windowStart || !windowEnd) {
    throw new Error("usage: node expand.mjs START END < calendar.ics");
  }
  output = expand(input, windowStart, windowEnd);
} else {
  output = JSON.parse(input).map(({ ics, start, end }) => expand(ics, start, end));
}
process.stdout.write(JSON.stringify(output));
