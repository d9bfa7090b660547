"""Pages in several languages: one English page, its translations, and what they share.

Staff translate pages with wagtail-localize. Every English page has a twin in each
other language's tree: a translation once someone has written one, and until then
an alias that shows the English (wagtail_localize.synctree makes the aliases, and the
demo and scripts call `synchronize_tree`). So /ar/areas/croydon/ always exists, lists
the groups of Croydon in Arabic where they are translated and in English where not,
and says so (`content_is_untranslated`).

What a page *does* stays with the English page: schedules are copied to the twins
(kept in step, never translated: `SYNCHRONISED_PAGE_FIELDS`) but only the English
page's schedules make sessions, and sessions, places and bookings belong to it
alone. A booking made from the Urdu page takes a place from the same session as one
made from the English page. Queries reach the sessions of any twin through the
translation key the twins share (`same_page_q`).
"""

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.fields import SynchronizedField

# Every translation keeps the English page's slug, so an address differs between
# languages only by its prefix (/groups/x/, /ar/groups/x/): the language list and a
# link shared in another language can always swap the prefix.
SAME_ADDRESS_FIELDS = [SynchronizedField("slug", overridable=False)]
# A group's or workshop's dates are the same in every language; only the English
# page's schedules make sessions (events.services.sessions).
SYNCHRONISED_SCHEDULE_FIELDS = [
    *SAME_ADDRESS_FIELDS,
    SynchronizedField("schedules", overridable=False),
]


def same_page_q(page, field: str = "page") -> Q:
    """Condition on rows pointing at a page (`field`): the page, or any language's twin of it."""
    return Q(**{f"{field}__translation_key": page.translation_key})


def is_source_page(page) -> bool:
    """Whether `page` is the English original (the one whose schedules make sessions)."""
    if page.alias_of_id is not None:
        return False
    return page.locale_id == default_locale().pk


def default_locale() -> Locale:
    return Locale.get_default()


class LocalisedPageMixin:
    """What every page type shares across languages (put it before Page in the bases)."""

    override_translatable_fields = SAME_ADDRESS_FIELDS

    def get_view_restrictions(self):
        """The view restrictions that apply to this page, as Wagtail's own method finds them.

        Wagtail loads each aliased ancestor's original to read its id, a query per
        level for every page shown in a language not yet translated; the ids are on
        the rows already, so this costs the same two queries as an English page.
        """
        rows = [(self.pk, self.alias_of_id), *self.get_ancestors().values_list("pk", "alias_of_id")]
        page_ids = {alias_of_id or pk for pk, alias_of_id in rows}
        if any(alias_of_id for _pk, alias_of_id in rows):
            # An alias of an alias: follow the chain to the original, as Wagtail does.
            while chained := dict(
                Page.objects.filter(pk__in=page_ids, alias_of__isnull=False).values_list("pk", "alias_of_id")
            ):
                page_ids = (page_ids - chained.keys()) | set(chained.values())
        return PageViewRestriction.objects.filter(page_id__in=page_ids)


def content_language_q(field: str = "") -> Q:
    """Condition: the page (or the page in `field`) is in the language whose pages lists show.

    That is the active language's, once it has a home page of its own; before anyone
    has set up pages in a language, its addresses are served from the English tree
    (Wagtail's `localized` falls back to the page itself), and so are the lists.
    English costs no query; another language one.
    """
    prefix = f"{field}__" if field else ""
    language = get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        has_pages = Page.objects.filter(depth=2, locale__language_code=language).exists()
        if not has_pages:
            language = settings.LANGUAGE_CODE
    return Q(**{f"{prefix}locale__language_code": language})


def title_in_language(translation_key_field: str):
    """Subquery: the title of the live twin, in the active language, of the page whose
    translation key is in `translation_key_field`; None in English or with no translation.

    Sessions belong to the English page; a list of sessions in Urdu annotates each with
    this so it shows the Urdu title in the same query (`Session.title_shown`).
    """
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return None
    twins = Page.objects.filter(
        translation_key=OuterRef(translation_key_field),
        locale__language_code=language,
        alias_of__isnull=True,
        live=True,
    )
    return Subquery(twins.values("title")[:1])


def content_is_untranslated(page) -> bool:
    """Whether `page` is shown in a language other than the visitor's (an alias of the English, say)."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return False
    if page.alias_of_id is not None:
        return True
    locale = Locale.objects.filter(pk=page.locale_id).values_list("language_code", flat=True).first()
    return locale != language


def page_in_language(page: Page) -> Page:
    """The page's twin in the active language (its translation or alias), or the page itself."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return page
    twin = page.get_translations(inclusive=True).filter(locale__language_code=language).live().first()
    return twin.specific if twin is not None else page
