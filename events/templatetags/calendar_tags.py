"""Calendar links for pages. Filled in by the calendar feeds work."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/calendar_subscribe.html")
def calendar_subscribe(page=None, scope="site"):
    return {"page": page, "scope": scope}


@register.inclusion_tag("includes/session_add_to_calendar.html")
def session_add_to_calendar(session):
    return {"session": session}
