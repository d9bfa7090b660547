from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language, gettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .localization import LocalisedPageMixin, TranslatedTextMixin, other_languages, with_text_in_language
from .routing import route_from

# Topic and audience names in other languages are a short inline of names on the
# topic or audience itself, edited on one screen, rather than snippet translations:
# pages, filters and their slugs keep pointing at the one row in every language, and
# showing a name is a look-up in the names prefetched with it (`name_shown`).


class NameShownMixin:
    """`name_shown`: the name in the active language, or the English name when it has none."""

    @property
    def name_shown(self):
        language = get_language()
        if not language or language == settings.LANGUAGE_CODE:
            return self.name
        if hasattr(self, "name_in_language"):  # read with the list (home/templatetags/name_tags.py)
            return self.name_in_language or self.name
        for translated in self.names.all():
            if translated.language == language:
                return translated.name
        return self.name


def names_in_language(queryset):
    """Topics or audiences with `name_in_language`, their name in the active language, read
    in the same query (a subquery); in English the queryset as it is. `name_shown` uses it."""
    language = get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return queryset
    relation = queryset.model._meta.get_field("names")
    names = relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk"), "language": language})
    return queryset.annotate(name_in_language=Subquery(names.values("name")[:1]))


class TranslatedName(models.Model):
    language = models.CharField(gettext_lazy("language"), max_length=10, choices=other_languages)
    name = models.CharField(gettext_lazy("name"), max_length=80)

    panels = [FieldPanel("language"), FieldPanel("name")]

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Topic(NameShownMixin, ClusterableModel):
    """A subject shared by workshops and resources, e.g. 'Sleep' or 'Feeling low'."""

    name = models.CharField(
        max_length=80, unique=True, help_text=gettext_lazy("A short name families will recognise, e.g. 'Sleep'.")
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=gettext_lazy("Used in web addresses, e.g. 'sleep'. Lower case letters and hyphens."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        InlinePanel("names", heading=gettext_lazy("In other languages"), label=gettext_lazy("Name")),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TopicName(TranslatedName):
    """A topic's name in one of the site's other languages."""

    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="names")

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["topic", "language"], name="unique_topic_name_language")]


class Audience(NameShownMixin, ClusterableModel):
    """Who a group is for, e.g. 'Mums', 'Dads', 'Working parents (weekends)'."""

    name = models.CharField(
        max_length=80, unique=True, help_text=gettext_lazy("As families would say it, e.g. 'Dads'.")
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=gettext_lazy("Used in web addresses, e.g. 'dads'. Lower case letters and hyphens."),
    )
    description = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Optional: one line that explains who is welcome.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        InlinePanel("names", heading=gettext_lazy("In other languages"), label=gettext_lazy("Name")),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AudienceName(TranslatedName):
    """An audience's name in one of the site's other languages."""

    audience = ParentalKey(Audience, on_delete=models.CASCADE, related_name="names")

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["audience", "language"], name="unique_audience_name_language")]


class HomePage(LocalisedPageMixin, Page):
    introduction = models.TextField(
        blank=True, help_text=gettext_lazy("One or two sentences that say what the site is for.")
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # Staff add no second home page; translations (one per language, beside the
    # English one) are copies, which this limit does not stop.
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "events.AreaIndexPage",
        "events.WorkshopIndexPage",
        "resources.ResourceIndexPage",
        "resources.LocalServiceIndexPage",
        "home.StandardPage",
    ]

    def route(self, request, path_components):
        return route_from(self, request, path_components) or super().route(request, path_components)


class StandardPage(LocalisedPageMixin, Page):
    """About, privacy, safeguarding and other plain pages."""

    introduction = models.TextField(
        blank=True, help_text=gettext_lazy("One or two sentences shown at the top of the page.")
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


# Wagtail keeps settings as one row per site, found by site alone, so wagtail-localize
# cannot make a copy per language as it does for pages. The text families read
# (tagline, address, funders) is given again per language in SiteSettingsTranslation
# rows, on the same settings screen; `localised` picks the visitor's language.
@register_setting(icon="cog")
class SiteSettings(TranslatedTextMixin, ClusterableModel, BaseSiteSetting):
    organisation_name = models.CharField(max_length=120, default="Gather")
    tagline = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Shown under the name at the top of every page.")
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    charity_number = models.CharField(max_length=60, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Linked from every booking form and the footer."),
    )
    safeguarding_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("How the charity keeps children and adults safe; linked from the footer."),
    )
    funder_acknowledgements = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=gettext_lazy("Shown in the footer of every page."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("tagline"), FieldPanel("charity_number")],
            heading=gettext_lazy("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=gettext_lazy("Contact details"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("safeguarding_page")], heading=gettext_lazy("Policies")
        ),
        FieldPanel("funder_acknowledgements"),
        InlinePanel(
            "translations",
            heading=gettext_lazy("In other languages"),
            label=gettext_lazy("Language"),
            help_text=gettext_lazy(
                "The tagline, address and funders in another language. Anything left blank shows in English."
            ),
        ),
    ]

    # The organisation's name stays as it is in every language, like any name.
    translated_fields = ("tagline", "address", "funder_acknowledgements")

    class Meta:
        verbose_name = gettext_lazy("Site settings")

    @classmethod
    def base_queryset(cls):
        """Settings as the header and footer read them: with the visitor's language in the same query."""
        return with_text_in_language(super().base_queryset())


class SiteSettingsTranslation(models.Model):
    """The site settings' text for families in one other language (no personal data)."""

    site_settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(gettext_lazy("language"), max_length=10, choices=other_languages)
    tagline = models.CharField(gettext_lazy("tagline"), max_length=200, blank=True)
    address = models.TextField(gettext_lazy("address"), blank=True)
    funder_acknowledgements = RichTextField(
        gettext_lazy("funder acknowledgements"), blank=True, features=["bold", "italic", "link"]
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("tagline"),
        FieldPanel("address"),
        FieldPanel("funder_acknowledgements"),
    ]

    class Meta:
        verbose_name = gettext_lazy("site settings in another language")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["site_settings", "language"], name="home_sitesettings_one_per_language")
        ]

    def __str__(self):
        return self.get_language_display()


class ScheduledJobRun(models.Model):
    """When a periodic job (a management command run by cron or a timer) last finished without error.

    A job that fails records nothing, so a job that stopped, or keeps failing, shows as
    late on the staff dashboard and at /health/ (home/scheduled_jobs.py).
    """

    # The job's command name, e.g. "sync_sessions".
    name = models.CharField(max_length=60, unique=True)
    # When Gather began expecting the job (the `migrate` that first knew it): a job
    # that never ran is late only once its interval has passed since then.
    watched_since = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
