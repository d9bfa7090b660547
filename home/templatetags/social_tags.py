"""`{% link_preview page %}`: Open Graph and Twitter card tags, so a link shared in a chat
or a post shows the page's title, a line about it, its picture and the site's name."""

from django import template
from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import get_language

from home.models import SiteSettings
from home.sharing import share_image_url, site_root_url

register = template.Library()

# Link previews show about two lines; a longer description is cut short by the app anyway.
DESCRIPTION_CHARACTERS = 200


def open_graph_locale(language_code: str) -> str:
    """Open Graph writes "en-gb" as "en_GB"."""
    language, _, region = language_code.partition("-")
    return f"{language}_{region.upper()}" if region else language


def _one_line(text: str) -> str:
    return Truncator(" ".join((text or "").split())).chars(DESCRIPTION_CHARACTERS)


def _page_description(page) -> str:
    for field in ("search_description", "summary", "introduction"):
        text = getattr(page, field, "")
        if text and text.strip():
            return text
    return ""


@register.inclusion_tag("tags/link_preview.html", takes_context=True)
def link_preview(context, page=None, *, title="", description=""):
    request = context.get("request")
    if request is None:
        return {"show": False}
    root_url = site_root_url(request)
    language = get_language() or settings.LANGUAGE_CODE
    image_url = share_image_url(getattr(page, "image", None), root_url=root_url) if page is not None else ""
    return {
        "show": True,
        "title": title or (page and (page.seo_title or page.title)) or "",
        "description": _one_line(description or (page and _page_description(page)) or ""),
        # The address without its query string: the same page however it was reached.
        "url": root_url + request.path,
        "image_url": image_url,
        "site_name": SiteSettings.for_request(request).organisation_name,
        "locale": open_graph_locale(language),
        "other_locales": [open_graph_locale(code) for code, _name in settings.LANGUAGES if code != language],
    }
