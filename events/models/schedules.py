"""Schedules in local wall-clock time and the dated sessions they produce.

Nothing outside events/services/ writes these models (see DESIGN.md, "One writer").
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable


class BookingMode(models.TextChoices):
    BOOK = "book", _("Book a place")
    DROP_IN = "drop_in", _("Drop in, no booking")


class Schedule(Orderable):
    """When a group or workshop meets, in local wall-clock time (Europe/London).

    The rule says which dates; the time of day is `start_time` on each of those
    dates, so sessions stay at 10:00 across the clock changes.
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="schedules")
    label = models.CharField(max_length=80, blank=True, help_text=_("Optional, e.g. 'Term time'."))
    recurrences = RecurrenceField(blank=True, help_text=_("Which dates the group meets."))
    starts_on = models.DateField(help_text=_("The first date."))
    ends_on = models.DateField(null=True, blank=True, help_text=_("The last date (that session is kept)."))
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    venue = models.ForeignKey(
        "events.Venue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave blank to use the group's usual venue."),
    )
    booking_mode = models.CharField(max_length=10, choices=BookingMode.choices, default=BookingMode.BOOK)
    adult_places = models.PositiveSmallIntegerField(default=12)
    creche_places = models.PositiveSmallIntegerField(default=0, help_text=_("0 when there is no creche."))
    run_booking_limit = models.PositiveSmallIntegerField(
        _("sessions booked in one go"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "How many sessions a family can book at once ('Book this and the next sessions'), "
            "counted from the date they choose."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Staff edit schedules with plain choices ("every 2 weeks on Tuesday") instead of
    # django-recurrence's own widget, whose scripts clash with Wagtail's date pickers
    # and do not start in InlinePanel forms added on the fly. The form builds the rule.
    base_form_class = "events.forms.ScheduleForm"
    panels = [
        FieldPanel("label"),
        MultiFieldPanel(
            [
                FieldPanel("repeats"),
                FieldPanel("weekday"),
                FieldPanel("week_of_month"),
                FieldPanel("starts_on"),
                FieldPanel("ends_on"),
                FieldPanel("excluded_dates"),
                FieldPanel("extra_dates"),
            ],
            heading=_("Which days"),
        ),
        MultiFieldPanel(
            [FieldPanel("start_time"), FieldPanel("duration_minutes"), FieldPanel("venue")],
            heading=_("Time and place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("booking_mode"),
                FieldPanel("adult_places"),
                FieldPanel("creche_places"),
                FieldPanel("run_booking_limit"),
            ],
            heading=_("Places"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule")

    def __str__(self):
        if self.label:
            return self.label
        return gettext("Schedule from %(date)s") % {"date": date_format(self.starts_on, "j E Y")}


# The reason given when a booked date leaves its schedule. It is stored as it stands
# here, in English, and shown in each reader's language (Session.status_reason_shown).
DATE_DROPPED_REASON = gettext_noop("This date is no longer in the group's plan.")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")
    MOVED = "moved", _("Moved")


class Session(models.Model):
    """One dated meeting of a group or workshop: the thing places and bookings attach to."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="sessions")
    schedule = models.ForeignKey(
        Schedule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_("Empty for a session staff added by hand."),
    )
    # Where the rule put this session; stays the same when staff move it, so the
    # calendar feed can say which occurrence moved (RECURRENCE-ID).
    occurrence_start = models.DateTimeField(null=True, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.ForeignKey("events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    # Where and when it was before staff last moved it, for the email that tells families.
    moved_from_start = models.DateTimeField(null=True, blank=True, editable=False)
    moved_from_end = models.DateTimeField(null=True, blank=True, editable=False)
    moved_from_venue = models.ForeignKey(
        "events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    status_reason = models.CharField(
        max_length=250, blank=True, help_text=_("Shown to families, e.g. 'Hall closed for repairs'.")
    )
    booking_mode = models.CharField(max_length=10, choices=BookingMode.choices, default=BookingMode.BOOK)
    adult_places = models.PositiveSmallIntegerField(default=12)
    creche_places = models.PositiveSmallIntegerField(default=0)
    headcount_adults = models.PositiveSmallIntegerField(null=True, blank=True)
    headcount_children = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text=_("Bumped on every change families should see."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "occurrence_start"], name="session_unique_occurrence"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["page", "start"]), models.Index(fields=["start"])]

    def __str__(self):
        # Translators: a session as staff see it in lists, e.g. "Peebles Toddlers, Tue 3 Mar 2026 10:00".
        return gettext("%(title)s, %(start)s") % {
            "title": self.page.title,
            "start": date_format(timezone.localtime(self.start), "D j M Y H:i"),
        }

    @property
    def title_shown(self) -> str:
        """The group's or workshop's title in the reader's language, where a selector found one."""
        return getattr(self, "title_in_language", None) or self.page.title

    @property
    def status_reason_shown(self) -> str:
        """The reason families see: the site's own wording in the active language, staff's as they wrote it."""
        if self.status_reason == DATE_DROPPED_REASON:
            return gettext(DATE_DROPPED_REASON)
        return self.status_reason

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED
