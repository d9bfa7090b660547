"""The language list, the head's hreflang alternates and the page's lang and dir."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_bidi

from home.localization import content_is_untranslated
from web.languages import html_lang, path_in_language, path_without_language

register = template.Library()


@register.simple_tag
def page_lang() -> str:
    return html_lang(get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def page_dir() -> str:
    return "rtl" if get_language_bidi() else "ltr"


@register.inclusion_tag("web/language_list.html", takes_context=True)
def language_list(context):
    """Every language, named in itself, each a plain link that remembers the choice."""
    request = context.get("request")
    current = get_language()
    here = path_without_language(request.path) if request is not None else "/"
    languages = [
        {
            "code": code,
            "lang": html_lang(code),
            "name": name,
            "is_current": code == current,
            "url": reverse("language_choose", args=[code]) + "?" + urlencode({"next": here}),
        }
        for code, name in settings.LANGUAGES
    ]
    return {"languages": languages}


@register.inclusion_tag("web/language_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for the same address in every language, and x-default."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    origin = f"{request.scheme}://{request.get_host()}"
    alternates = [
        {"hreflang": html_lang(code), "href": origin + path_in_language(request.path, code)}
        for code, _name in settings.LANGUAGES
    ]
    alternates.append({"hreflang": "x-default", "href": origin + path_without_language(request.path)})
    return {"alternates": alternates}


@register.inclusion_tag("web/translation_missing.html")
def translation_missing_notice(page):
    """A short note, in the visitor's language, when the page itself is still in English."""
    return {"show": page is not None and bool(page.pk) and content_is_untranslated(page)}


@register.simple_tag(takes_context=True)
def pageurl_here(context, page) -> str:
    """`{% pageurl %}` in the reader's language: a session's group is the English page,
    and its twin in Urdu is at the same address under /ur/ (slugs are the same in every
    language), so the link keeps the family in their language without a query."""
    request = context.get("request")
    url = page.get_url(request=request) or ""
    if not url.startswith("/"):
        return url
    return path_in_language(url, get_language() or settings.LANGUAGE_CODE)
