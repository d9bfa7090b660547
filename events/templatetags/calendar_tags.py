"""Calendar links on pages.

- `{% calendar_link_alternate page %}` in <head>: tells browsers and calendar apps
  that the page has a feed (`<link rel="alternate" type="text/calendar">`).
- `{% calendar_subscribe page %}`: links to subscribe to the page's feed in Apple
  Calendar (webcal), Google Calendar and Outlook, and to download it.
- `{% personal_calendar_subscribe contact %}`: the same for a family's own feed of
  the sessions they booked (for their private booking page).
- `{% session_add_to_calendar session %}`: "Add to my calendar" for one session
  (`{% session_ical_url session as url %}` its address alone).

Groups and workshops have feeds of their own, areas one for their groups, and every
other page offers the whole site's feed.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from events.models import AreaPage, GroupPage, WorkshopPage
from events.models.schedules import SessionStatus

register = template.Library()


@dataclass(frozen=True)
class CalendarFeedLinks:
    """The ways to get one feed into a calendar app."""

    name: str
    url: str

    @property
    def webcal(self) -> str:
        # webcal:// makes phones and desktop calendar apps offer to subscribe.
        return "webcal://" + self.url.split("://", 1)[1]

    @property
    def google(self) -> str:
        return "https://calendar.google.com/calendar/r?cid=" + quote(self.webcal, safe="")

    @property
    def outlook(self) -> str:
        return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": self.url, "name": self.name})


def _absolute_url(context, path: str) -> str:
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    base = urlsplit(settings.BASE_URL)
    return f"{base.scheme}://{base.netloc}{path}"


def _site_name(context) -> str:
    site_settings = context.get("settings")
    try:
        return site_settings["home"]["SiteSettings"].organisation_name
    except (KeyError, TypeError, AttributeError):
        return settings.WAGTAIL_SITE_NAME


def feed_for_page(context, page) -> CalendarFeedLinks:
    """The feed a page offers: its own for groups, workshops and areas, else the whole site's."""
    page_class = page.specific_class if page and page.pk else None
    if page_class is not None and issubclass(page_class, (GroupPage, WorkshopPage)):
        path, name = reverse("events:page_ical", args=[page.pk]), page.title
    elif page_class is not None and issubclass(page_class, AreaPage):
        # Translators: the name of an area's calendar in a calendar app, e.g. "Croydon: groups".
        path, name = reverse("events:area_ical", args=[page.pk]), _("%(area)s: groups") % {"area": page.title}
    else:
        # Translators: the name of the whole site's calendar in a calendar app.
        name = _("%(organisation)s: groups and workshops") % {"organisation": _site_name(context)}
        path = reverse("events:site_ical")
    return CalendarFeedLinks(name=name, url=_absolute_url(context, path))


@register.simple_tag(takes_context=True)
def calendar_link_alternate(context, page=None):
    """A <link rel="alternate"> to the page's calendar feed; nothing on pages that are not Wagtail pages."""
    if not page:
        return ""
    feed = feed_for_page(context, page)
    return format_html('<link rel="alternate" type="text/calendar" title="{}" href="{}">', feed.name, feed.url)


@register.inclusion_tag("includes/calendar_subscribe.html", takes_context=True)
def calendar_subscribe(context, page=None):
    return {"feed": feed_for_page(context, page), "personal": False}


@register.inclusion_tag("includes/calendar_subscribe.html", takes_context=True)
def personal_calendar_subscribe(context, contact):
    path = reverse("events:personal_ical", args=[contact.feed_token])
    # Translators: the name of a family's own calendar of the sessions they booked.
    return {"feed": CalendarFeedLinks(name=_("My sessions"), url=_absolute_url(context, path)), "personal": True}


@register.simple_tag
def session_ical_url(session) -> str:
    """The one session's calendar file; "" for a cancelled session: there is nothing to add."""
    if session.status == SessionStatus.CANCELLED:
        return ""
    return reverse("events:session_ical", args=[session.pk])


@register.inclusion_tag("includes/session_add_to_calendar.html")
def session_add_to_calendar(session):
    # Lists of sessions (includes/session_item.html) write the same link inline with
    # session_ical_url: an inclusion tag for each of twenty sessions costs more than the rest of the entry.
    return {"session": session, "url": session_ical_url(session)}
