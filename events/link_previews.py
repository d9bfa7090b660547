"""The one line a shared link to a group, workshop or session shows: when it meets next, and where.

"Tuesdays 10:00 at Walkerburn Hall; next on Tuesday 1 December" for a group that
meets on one day at one time, "Next on Tuesday 1 December, 10:00 at Walkerburn Hall"
otherwise. Built from the sessions the page already shows, in the reader's language.
"""

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext, pgettext_lazy

# Translators: a group that meets every week on this day, e.g. "Tuesdays 10:00 at Walkerburn Hall".
WEEKDAYS_PLURAL = [
    pgettext_lazy("meets every", "Mondays"),
    pgettext_lazy("meets every", "Tuesdays"),
    pgettext_lazy("meets every", "Wednesdays"),
    pgettext_lazy("meets every", "Thursdays"),
    pgettext_lazy("meets every", "Fridays"),
    pgettext_lazy("meets every", "Saturdays"),
    pgettext_lazy("meets every", "Sundays"),
]


def _details(session, venue) -> dict:
    start = timezone.localtime(session.start)
    place = session.venue or venue
    return {
        "day": WEEKDAYS_PLURAL[start.weekday()],
        "time": time_format(start, "H:i"),
        "date": date_format(start, "l j E"),
        "venue": place.name if place is not None else "",
    }


def session_line(session) -> str:
    """One session's day, time and place: "Tuesday 1 December, 10:00 at Walkerburn Hall"."""
    details = _details(session, None)
    if details["venue"]:
        # Translators: a session's link preview, e.g. "Tuesday 1 December, 10:00 at Walkerburn Hall".
        return gettext("%(date)s, %(time)s at %(venue)s") % details
    return gettext("%(date)s, %(time)s") % details


def next_meeting_line(sessions, *, venue=None) -> str:
    """When and where the next session that goes ahead meets, in one line; "" when none does."""
    going_ahead = [session for session in sessions if not session.is_cancelled]
    if not going_ahead:
        return ""
    details = _details(going_ahead[0], venue)
    place = details["venue"]
    starts = {(timezone.localtime(s.start).weekday(), timezone.localtime(s.start).time()) for s in going_ahead}
    regular = len(going_ahead) > 1 and len(starts) == 1
    if regular and place:
        # Translators: a group's link preview, e.g. "Tuesdays 10:00 at Walkerburn Hall; next on Tuesday 1 December".
        return gettext("%(day)s %(time)s at %(venue)s; next on %(date)s") % details
    if regular:
        # Translators: a group's link preview, e.g. "Tuesdays 10:00; next on Tuesday 1 December".
        return gettext("%(day)s %(time)s; next on %(date)s") % details
    if place:
        # Translators: a link preview, e.g. "Next on Tuesday 1 December, 10:00 at Walkerburn Hall".
        return gettext("Next on %(date)s, %(time)s at %(venue)s") % details
    # Translators: a link preview, e.g. "Next on Tuesday 1 December, 10:00".
    return gettext("Next on %(date)s, %(time)s") % details
