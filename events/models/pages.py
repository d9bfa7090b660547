"""Areas, groups and workshops: the pages families browse.

Pages stay thin: content, panels, tree rules and a get_context that asks a selector.
Sessions and bookings live in schedules.py and bookings.py and are changed only through services.
"""

import calendar

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from events.models.venues import Venue
from events.page_forms import SchedulePageForm
from events.panels import ChildFormInlinePanel, ScheduleChangesPanel
from events.selectors import pages as page_selectors
from home.blocks import BaseStreamBlock
from home.localization import SYNCHRONISED_SCHEDULE_FIELDS, LocalisedPageMixin


class AreaIndexPage(LocalisedPageMixin, Page):
    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.AreaPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_selectors.area_index_listing(index_page=self))
        return context


class AreaPage(LocalisedPageMixin, Page):
    """A borough, a region or a cluster of villages."""

    introduction = models.TextField(blank=True, help_text=_("Shown on the area list and at the top of the page."))
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["events.AreaIndexPage"]
    # The programme's one-to-one page (support/) is named, not imported: events sits below support.
    subpage_types = ["events.GroupPage", "support.SupportPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_selectors.area_page_listing(area=self))
        return context


class GroupPage(LocalisedPageMixin, Page):
    """A peer-support group that meets regularly."""

    # When families are asked again belongs with the schedules: only the English page's
    # sessions lead to check-ins, so a different number on a translation would do nothing.
    override_translatable_fields = [
        *SYNCHRONISED_SCHEDULE_FIELDS,
        SynchronizedField("check_in_later_weeks", overridable=False),
    ]

    summary = models.CharField(max_length=250, help_text=_("One sentence shown in lists and search results."))
    audiences = ParentalManyToManyField("home.Audience", blank=True, help_text=_("Who the group is for."))
    what_happens = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    first_visit = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What to expect the first time: who greets you, what to bring, whether you can just turn up."),
    )
    languages = models.CharField(max_length=200, default="English", help_text=_("Languages spoken, comma separated."))
    cost = models.CharField(max_length=100, default="Free")
    children_welcome = models.BooleanField(default=True, help_text=_("Children come along to the group."))
    has_creche = models.BooleanField(default=False, help_text=_("A creche looks after children in another room."))
    women_only = models.BooleanField(default=False)
    leaders = models.CharField(max_length=200, blank=True, help_text=_("First names only, e.g. 'Amina and Sara'."))
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BaseStreamBlock(), blank=True)
    # Blank: the site's usual CHECK_IN_LATER_WEEKS; 0: no later check-in.
    check_in_later_weeks = models.PositiveSmallIntegerField(
        _("later check-in, weeks after the first session"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("women_only"),
                FieldPanel("languages"),
                FieldPanel("cost"),
                FieldPanel("children_welcome"),
                FieldPanel("has_creche"),
                FieldPanel("leaders"),
            ],
            heading=_("Who it is for"),
        ),
        FieldPanel("what_happens"),
        FieldPanel("first_visit"),
        FieldPanel("venue"),
        ChildFormInlinePanel("schedules", heading=_("When the group meets"), label=_("Schedule")),
        ScheduleChangesPanel(),
        MultiFieldPanel(
            [
                FieldPanel(
                    "check_in_later_weeks",
                    # The usual number is a setting, so it is written here rather than in the
                    # field's help text, which a migration would otherwise have to follow.
                    help_text=format_lazy(
                        _(
                            "The day after a family's first session here, they are asked three short questions "
                            "about how they are. They are asked again this many weeks later. Leave it blank for "
                            "the usual {weeks} weeks, or put 0 to ask only once."
                        ),
                        weeks=settings.CHECK_IN_LATER_WEEKS,
                    ),
                )
            ],
            heading=_("Check-ins"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("what_happens"),
        index.SearchField("languages"),
        index.SearchField("leaders"),
        index.SearchField("meeting_days"),
        index.AutocompleteField("title"),
        index.FilterField("has_creche"),
        index.FilterField("women_only"),
        index.RelatedFields("audiences", [index.SearchField("name")]),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("address")]),
    ]
    parent_page_types = ["events.AreaPage"]
    subpage_types = ["events.GroupNewsPage"]
    base_form_class = SchedulePageForm

    def meeting_days(self):
        """Day names the group meets on ("Saturday"), so a search for the day finds it."""
        days = set()
        for schedule in self.schedules.all():
            rules = schedule.recurrences.rrules if schedule.recurrences else []
            weekdays = [day for rule in rules for day in (rule.byday or [])]
            if weekdays:
                days.update(calendar.day_name[getattr(day, "number", day)] for day in weekdays)
            elif schedule.starts_on:
                days.add(calendar.day_name[schedule.starts_on.weekday()])
        return " ".join(sorted(days))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_selectors.group_page_listing(group=self))
        return context


class GroupNewsPage(LocalisedPageMixin, Page):
    """A short post from a group, so groups can see what the others are doing."""

    date = models.DateField(_("Post date"))
    summary = models.CharField(max_length=250, blank=True)
    body = StreamField(BaseStreamBlock())

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["events.GroupPage"]
    subpage_types = []


class WorkshopIndexPage(LocalisedPageMixin, Page):
    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.WorkshopPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_selectors.workshop_index_listing(index_page=self))
        return context


class WorkshopPage(LocalisedPageMixin, Page):
    """A guest speaker or practical workshop, on one date or a short run of dates."""

    override_translatable_fields = SYNCHRONISED_SCHEDULE_FIELDS

    summary = models.CharField(max_length=250)
    topics = ParentalManyToManyField("home.Topic", blank=True)
    speaker = models.CharField(
        max_length=120, blank=True, help_text=_("Name and role, e.g. 'Dr Khan, health visitor'.")
    )
    description = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    what_to_bring = models.CharField(max_length=250, blank=True)
    groups = ParentalManyToManyField(
        "events.GroupPage", blank=True, related_name="workshops", help_text=_("Groups this workshop is run with.")
    )
    chosen_by_participants = models.BooleanField(
        default=False, help_text=_("Tick when the group chose this topic themselves.")
    )
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="workshops")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("speaker"),
        FieldPanel("description"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("chosen_by_participants"),
        FieldPanel("what_to_bring"),
        FieldPanel("groups"),
        FieldPanel("venue"),
        ChildFormInlinePanel("schedules", heading=_("Dates"), label=_("Date or run of dates")),
        ScheduleChangesPanel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("speaker"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("address")]),
    ]
    parent_page_types = ["events.WorkshopIndexPage"]
    subpage_types = []
    base_form_class = SchedulePageForm

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_selectors.workshop_page_listing(workshop=self))
        return context
