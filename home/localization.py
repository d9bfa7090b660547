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
translation key the twins share (`page__translation_key`).
"""

from types import SimpleNamespace

from django.conf import settings
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.fields import SynchronizedField

from home.page_visibility import KNOWN_UNRESTRICTED_ATTRIBUTE

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
        the rows already, so this costs the same two queries as an English page, and
        none for a page served from a route stored while it had no restriction.
        """
        if getattr(self, KNOWN_UNRESTRICTED_ATTRIBUTE, False):
            return PageViewRestriction.objects.none()
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


# Text staff write outside pages -----------------------------------------------------
#
# Pages are translated with wagtail-localize, which makes a copy of each page per
# language. Some text families read lives on rows that cannot be copied that way: the
# site settings are one row per site (Wagtail finds them by site alone), and a venue
# is one row that groups, workshops and sessions all point at. Such a model keeps its
# English in its own fields and the same fields again, per language, in child rows
# ("translations", edited in an inline panel on the same screen). `localised` gives
# the text in the active language, each field falling back to the English when it
# has not been given.

# Annotations made by `with_text_in_language`: each field's text in a language, and which language.
TEXT_IN_LANGUAGE_SUFFIX = "_in_language"
TEXT_LANGUAGE_ATTRIBUTE = "text_language"


def other_languages() -> list[tuple[str, str]]:
    """The languages text can be given in beside English, as choices."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _active_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


class TranslatedTextMixin:
    """A model with `translated_fields` given again per language in its "translations" rows."""

    translated_fields: tuple[str, ...] = ()

    @property
    def localised(self) -> SimpleNamespace:
        """The translated fields in the active language, each falling back to the English."""
        language = _active_language()
        found = self.__dict__.setdefault("_localised_text", {})
        if language not in found:
            found[language] = SimpleNamespace(**self._text_in(language))
        return found[language]

    def _text_in(self, language: str) -> dict[str, str]:
        english = {name: getattr(self, name) for name in self.translated_fields}
        if language == settings.LANGUAGE_CODE:
            return english
        if getattr(self, TEXT_LANGUAGE_ATTRIBUTE, None) == language:
            # Fetched by with_text_in_language, in the same query as the row itself.
            given = {name: getattr(self, name + TEXT_IN_LANGUAGE_SUFFIX) for name in self.translated_fields}
        elif self.pk is None and "translations" not in getattr(self, "_cluster_related_objects", {}):
            given = {}  # a blank row, with no translations to look for
        else:
            # This row's translations: one query, or none when prefetched or held by a preview's form.
            row = next((row for row in self.translations.all() if row.language == language), None)
            given = {name: getattr(row, name) for name in self.translated_fields} if row is not None else {}
        return {name: given.get(name) or english[name] for name in self.translated_fields}


def with_text_in_language(queryset, language: str | None = None):
    """`queryset` with each row's translated fields in `language` (default: the active one) fetched alongside.

    English adds nothing; another language adds a subquery per field to the same query.
    """
    language = language or _active_language()
    if language == settings.LANGUAGE_CODE:
        return queryset
    model = queryset.model
    relation = model._meta.get_field("translations")
    rows = relation.related_model.objects.filter(
        **{relation.field.name: OuterRef("pk"), "language": language}
    ).order_by()
    return queryset.annotate(
        **{name + TEXT_IN_LANGUAGE_SUFFIX: Subquery(rows.values(name)[:1]) for name in model.translated_fields},
        **{TEXT_LANGUAGE_ATTRIBUTE: Value(language, output_field=CharField())},
    )
