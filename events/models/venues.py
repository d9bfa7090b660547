"""Venues: places where groups meet, reused by many groups and workshops."""

from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from home.localization import TranslatedTextMixin, other_languages


class Venue(TranslatedTextMixin, ClusterableModel):
    """A place where groups meet; reused by many groups and workshops.

    Groups, workshops and sessions in every language point at the one row, so the
    directions are given again per language in VenueTranslation rows rather than
    in a copy of the venue; `localised` picks the visitor's language (one query for
    the venue's translations, none in English). The name and address stay as they
    are: they are what is written on the door and the map.
    """

    name = models.CharField(max_length=120)
    address = models.TextField(help_text=_("Street and town, one item a line."))
    postcode = models.CharField(max_length=10)
    area = models.ForeignKey(
        "events.AreaPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
        help_text=_("The area this venue belongs to, so area coordinators can manage it."),
    )
    map_url = models.URLField(blank=True, help_text=_("A link to the venue on a map."))
    step_free_access = models.BooleanField(default=False)
    buggy_space = models.BooleanField(default=False)
    baby_changing = models.BooleanField(default=False)
    parking = models.CharField(max_length=200, blank=True)
    public_transport = models.CharField(max_length=200, blank=True, help_text=_("For example 'X62 bus stops outside'."))
    # Part of every calendar feed's version, so a new address reaches subscribers at once.
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("postcode"),
        FieldPanel("area"),
        FieldPanel("map_url"),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("buggy_space"),
                FieldPanel("baby_changing"),
                FieldPanel("parking"),
                FieldPanel("public_transport"),
            ],
            heading=_("Getting there and access"),
        ),
        InlinePanel(
            "translations",
            heading=_("Directions in other languages"),
            label=_("Language"),
            help_text=_("Parking and buses or trains in another language. Anything left blank shows in English."),
        ),
    ]

    translated_fields = ("parking", "public_transport")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.postcode}"

    def get_map_url(self):
        """The map link staff gave, else a map search for the postcode."""
        return self.map_url or f"https://www.openstreetmap.org/search?{urlencode({'query': self.postcode})}"


class VenueTranslation(models.Model):
    """A venue's directions in one other language (no personal data)."""

    venue = ParentalKey(Venue, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=other_languages)
    parking = models.CharField(_("parking"), max_length=200, blank=True)
    public_transport = models.CharField(_("public transport"), max_length=200, blank=True)

    panels = [FieldPanel("language"), FieldPanel("parking"), FieldPanel("public_transport")]

    class Meta:
        verbose_name = _("venue directions in another language")
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["venue", "language"], name="events_venue_one_per_language")]

    def __str__(self):
        return self.get_language_display()
