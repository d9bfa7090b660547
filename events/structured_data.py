"""schema.org Event data for search engines, built from what a page already loaded.

Plain functions from sessions to dictionaries, as Google's Event rich results read
them: one `Event` per upcoming session (a bounded list), its start and end in local
wall-clock time with the UTC offset, whether it goes ahead, was cancelled or moved
to another time, the place with its address, who runs it, and a free place to book.
`json_ld()` writes the data so that no value can end the <script> element it sits in.

A JSON-LD block is data, not script: browsers do not run it, so the strict Content
Security Policy needs no exception for it.
"""

import json

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from events.models.schedules import BookingMode, SessionStatus
from events.selectors.pages import GROUP_PAGE_SESSIONS

# Search engines get the sessions a group page shows, and no more from a workshop's run.
EVENTS_PER_PAGE = GROUP_PAGE_SESSIONS

SCHEMA = "https://schema.org"
_STATUS = {
    SessionStatus.SCHEDULED: f"{SCHEMA}/EventScheduled",
    SessionStatus.CANCELLED: f"{SCHEMA}/EventCancelled",
}
_OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"
# Characters that could close the <script> element or start an HTML comment or entity.
_HTML_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _local_iso(moment) -> str:
    """An aware time as Europe/London wall-clock time with its offset: 2026-12-01T10:00:00+00:00."""
    return timezone.localtime(moment).isoformat()


def venue_place(venue) -> dict:
    """A venue as a schema.org Place; its address is written a line per item, the town last."""
    lines = [line.strip(" ,") for line in venue.address.splitlines() if line.strip(" ,")]
    if lines and lines[0] == venue.name:  # some addresses start with the venue's name
        lines = lines[1:]
    address = {"@type": "PostalAddress", "postalCode": venue.postcode, "addressCountry": "GB"}
    if len(lines) > 1:
        address["streetAddress"] = ", ".join(lines[:-1])
        address["addressLocality"] = lines[-1]
    elif lines:
        address["streetAddress"] = lines[0]
    return {"@type": "Place", "name": venue.name, "address": address}


def organisation(*, name: str, root_url: str) -> dict:
    return {"@type": "Organization", "name": name, "url": f"{root_url}/"}


def _status(session) -> dict:
    moved_in_time = (
        session.status == SessionStatus.MOVED
        and session.moved_from_start is not None
        and session.moved_from_start != session.start
    )
    if moved_in_time:
        return {"eventStatus": f"{SCHEMA}/EventRescheduled", "previousStartDate": _local_iso(session.moved_from_start)}
    # A session moved only to another room goes ahead as planned, at its new place.
    return {"eventStatus": _STATUS.get(session.status, f"{SCHEMA}/EventScheduled")}


def _availability(session) -> str:
    if session.booking_mode == BookingMode.DROP_IN:
        return f"{SCHEMA}/InStock"
    places_left = getattr(session, "adult_places_left", None)
    return f"{SCHEMA}/SoldOut" if places_left is not None and places_left <= 0 else f"{SCHEMA}/InStock"


def costs_nothing(cost: str | None) -> bool:
    """Whether a page's "Cost" (free text; workshops have none) says the sessions are free."""
    if cost is None:
        return True
    said = cost.strip().casefold()
    return said in {"", "free", "free of charge", gettext("Free").casefold()}


def _offer(session, *, booking_url: str, cost: str | None) -> dict:
    offer = {"@type": "Offer", "availability": _availability(session), "url": booking_url}
    if costs_nothing(cost):
        offer.update(price="0", priceCurrency="GBP")
    else:
        # A price typed as words ("£1 for tea") is not a number a search engine can show:
        # it goes as the offer's description, and no price is claimed.
        offer["description"] = cost
    offer["validFrom"] = _local_iso(session.created_at)
    return offer


def session_event(
    session,
    *,
    name: str,
    root_url: str,
    organiser: dict,
    cost: str | None = None,
    venue=None,
    description: str = "",
    image_url: str = "",
    performer: str = "",
    page_url: str = "",
) -> dict | None:
    """One session as a schema.org Event; None when it has no place to give (Google requires one).

    A cancelled session leads to `page_url` (its group's or workshop's page, with the
    other dates) when there is one: it has no booking page to offer.
    """
    venue = session.venue or venue
    if venue is None:
        return None
    booking_url = root_url + reverse("events:session_detail", args=[session.pk])
    if session.is_cancelled and page_url:
        booking_url = page_url
    event = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": name,
        "startDate": _local_iso(session.start),
        "endDate": _local_iso(session.end),
        **_status(session),
        "eventAttendanceMode": _OFFLINE,
        "location": venue_place(venue),
        "organizer": organiser,
        "offers": _offer(session, booking_url=booking_url, cost=cost),
        "url": booking_url,
    }
    if description:
        event["description"] = description
    if image_url:
        event["image"] = [image_url]
    if performer:
        event["performer"] = {"@type": "Person", "name": performer}
    return event


def page_events(page, sessions, *, root_url: str, organiser: dict, page_url: str, image_url: str = "") -> list[dict]:
    """The next sessions of a group or workshop page, each an Event named after the page."""
    events = (
        session_event(
            session,
            name=page.title,
            root_url=root_url,
            organiser=organiser,
            cost=getattr(page, "cost", None),
            venue=page.venue,
            description=page.summary,
            image_url=image_url,
            performer=getattr(page, "speaker", ""),
            page_url=page_url,
        )
        for session in sessions[:EVENTS_PER_PAGE]
    )
    return [event for event in events if event is not None]


def json_ld(data) -> str:
    """JSON for a <script type="application/ld+json"> element: no "<", ">" or "&" left to close it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_ESCAPES)
