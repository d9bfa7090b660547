"""`{% page_events_json_ld page sessions %}` and `{% session_event_json_ld session %}`: schema.org
Events in a <script type="application/ld+json"> element, from the sessions the page already shows."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events import structured_data
from home.models import SiteSettings
from home.sharing import share_image_url, site_root_url

register = template.Library()


def _script(data) -> str:
    if not data:
        return ""
    # Safe: json_ld() leaves no "<", ">" or "&" in the text, so it cannot close the element.
    text = mark_safe(structured_data.json_ld(data))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', text)


def _organiser(request, root_url: str) -> dict:
    return structured_data.organisation(name=SiteSettings.for_request(request).organisation_name, root_url=root_url)


@register.simple_tag(takes_context=True)
def page_events_json_ld(context, page, sessions):
    request = context.get("request")
    if request is None or not page.pk:
        return ""
    root_url = site_root_url(request)
    events = structured_data.page_events(
        page,
        sessions,
        root_url=root_url,
        organiser=_organiser(request, root_url),
        page_url=root_url + request.path,
        image_url=share_image_url(page.image, root_url=root_url),
    )
    return _script(events)


@register.simple_tag(takes_context=True)
def session_event_json_ld(context, session):
    request = context.get("request")
    if request is None:
        return ""
    root_url = site_root_url(request)
    event = structured_data.session_event(
        session,
        name=session.title_shown,
        root_url=root_url,
        organiser=_organiser(request, root_url),
        cost=getattr(session, "page_cost", None),
    )
    return _script(event)
