"""Venues: places where groups meet, reused by many groups and workshops."""

from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class Venue(models.Model):
    """A place where groups meet; reused by many groups and workshops."""

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
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.postcode}"

    def get_map_url(self):
        """The map link staff gave, else a map search for the postcode."""
        return self.map_url or f"https://www.openstreetmap.org/search?{urlencode({'query': self.postcode})}"
