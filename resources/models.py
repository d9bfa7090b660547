from django import forms
from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.localization import LocalisedPageMixin
from home.page_listings import page_listing
from resources.kinds import ResourceKind


class ResourceIndexPage(LocalisedPageMixin, Page):
    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_listing(self, request))
        return context


class ResourcePage(LocalisedPageMixin, Page):
    kind = models.CharField(
        gettext_lazy("type"),
        max_length=10,
        choices=ResourceKind.choices,
        default=ResourceKind.HINTS_AND_TIPS,
        help_text=gettext_lazy("Films need a video block with a transcript; reports and documents a document block."),
    )
    summary = models.CharField(
        max_length=250, help_text=gettext_lazy("One sentence shown in lists and search results.")
    )
    topics = ParentalManyToManyField(
        "home.Topic", blank=True, help_text=gettext_lazy("Used to suggest related resources.")
    )
    external_url = models.URLField(blank=True, help_text=gettext_lazy("For links: the other website's address."))
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("image"),
        FieldPanel("external_url"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_listing(self, request))
        return context


class LocalService(models.Model):
    """A service families can use: the library bus, a toddler group, health visitors."""

    name = models.CharField(max_length=120)
    description = models.TextField(help_text=gettext_lazy("What it offers and who can use it, in plain words."))
    areas = models.ManyToManyField(
        "events.AreaPage",
        blank=True,
        related_name="local_services",
        help_text=gettext_lazy("Where families can use it."),
    )
    topics = models.ManyToManyField("home.Topic", blank=True, related_name="local_services")
    url = models.URLField(gettext_lazy("website"), blank=True)
    phone = models.CharField(max_length=40, blank=True)
    when = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("E.g. 'Library bus stops by the school every other Thursday'."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("when"),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("url"),
        FieldPanel("phone"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class LocalServiceIndexPage(LocalisedPageMixin, Page):
    """The directory of local services, filterable by area and topic."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_listing(self, request))
        return context
