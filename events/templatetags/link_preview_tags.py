"""The line a shared link shows: `{% next_meeting_line sessions venue %}` for a group or
workshop, `{% session_line session %}` for one session's page."""

from django import template

from events import link_previews

register = template.Library()


@register.simple_tag
def next_meeting_line(sessions, venue=None) -> str:
    return link_previews.next_meeting_line(sessions, venue=venue)


@register.simple_tag
def session_line(session) -> str:
    return link_previews.session_line(session)
