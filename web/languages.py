"""Which language a visitor reads Gather in, and how they choose it without JavaScript.

English addresses carry no prefix (/groups/...); the other languages do (/ar/groups/...),
through Django's i18n_patterns, so a link shared in Urdu opens in Urdu. The address
alone decides the language of a page; that keeps every cached page and feed in one
language (the page cache keys on the address).

A visitor arriving at an English address whose earlier choice (the language cookie)
or, failing that, whose browser (Accept-Language) asks for one of the other languages
is sent to the same address in that language. Only page views are sent: calendar
apps, the admin, documents and static files keep their addresses.

The language list on every page links to language_choose(), a plain GET that
remembers the choice in Django's language cookie and returns to the same page in the
chosen language. A link rather than Django's set_language form: a form would need a
CSRF token on every page, and a page with a token cannot come from the page cache.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, get_language_from_request

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
# Addresses that are the same in every language, or read by programs rather than people.
_NOT_REDIRECTED_PREFIXES = (
    "/admin/",
    "/documents/",
    "/static/",
    "/media/",
    "/language/",
    "/texts/",
    "/t/",
    "/sitemap.xml",
    "/robots.txt",
    "/health/",
)
_NOT_REDIRECTED_SUFFIXES = (".ics",)


def html_lang(language_code: str) -> str:
    """A Django language code as HTML's `lang` writes it: "en-gb" -> "en-GB", "ar" -> "ar"."""
    language, _, region = language_code.partition("-")
    if not region:
        return language
    return f"{language}-{region.upper() if len(region) == 2 else region.title()}"


def path_without_language(path: str) -> str:
    """`/ar/groups/x/` -> `/groups/x/`; English addresses come back unchanged."""
    language = get_language_from_path(path)
    if language is None or language == settings.LANGUAGE_CODE:
        return path
    prefix = f"/{language}/"
    if path.startswith(prefix):
        return "/" + path[len(prefix) :]
    return path


def path_in_language(path: str, language_code: str) -> str:
    """The same address in another language: `/groups/x/`, "ar" -> `/ar/groups/x/`."""
    path = path_without_language(path)
    if language_code == settings.LANGUAGE_CODE:
        return path
    return f"/{language_code}{path}"


def _wants_page(request) -> bool:
    """A browser asking for a page to show (not a feed, a script or a form post)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "text/html" not in request.headers.get("Accept", ""):
        return False
    path = request.path_info
    return not (path.startswith(_NOT_REDIRECTED_PREFIXES) or path.endswith(_NOT_REDIRECTED_SUFFIXES))


class PreferredLanguageMiddleware:
    """Send a visitor at an English address to their language (see the module docstring).

    Sits just below LocaleMiddleware and above the page cache, so the decision is made
    before a cached English page could be served to someone who asked for Arabic.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        at_english_address = get_language_from_path(request.path_info) is None and _wants_page(request)
        if at_english_address:
            preferred = get_language_from_request(request, check_path=False)
            if preferred != settings.LANGUAGE_CODE and preferred in LANGUAGE_CODES:
                target = path_in_language(request.path_info, preferred)
                if query := request.META.get("QUERY_STRING"):
                    target += f"?{query}"
                response = HttpResponseRedirect(request.META.get("SCRIPT_NAME", "") + target)
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        response = self.get_response(request)
        if at_english_address:
            # What an English address shows depends on the language cookie too, so a
            # shared cache must not hand this page to someone who chose Arabic. (Added
            # here, outside the page cache, which itself keeps only pages that vary on
            # the address alone; this middleware decides before it is asked.)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def language_choose(request, language_code: str):
    """Remember a language chosen on the list and show the same page in it."""
    if language_code not in LANGUAGE_CODES:
        raise Http404("No such language.")
    next_path = request.GET.get("next", "/")
    if not next_path.startswith("/") or not url_has_allowed_host_and_scheme(
        next_path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_path = "/"
    path, _, query = next_path.partition("?")
    target = path_in_language(path, language_code) + (f"?{query}" if query else "")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language_code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response
