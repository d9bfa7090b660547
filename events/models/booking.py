"""The booking domain: schedules, dated sessions, contacts, bookings and waiting lists.

Nothing outside events/services.py writes these models (see DESIGN.md, "One writer").
"""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable


def new_token():
    return secrets.token_urlsafe(32)


class BookingMode(models.TextChoices):
    BOOK = "book", "Book a place"
    DROP_IN = "drop_in", "Drop in, no booking"


class Schedule(Orderable):
    """When a group or workshop meets, in local wall-clock time (Europe/London).

    The rule says which dates; the time of day is `start_time` on each of those
    dates, so sessions stay at 10:00 across the clock changes.
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="schedules")
    label = models.CharField(max_length=80, blank=True, help_text="Optional, e.g. 'Term time'.")
    recurrences = RecurrenceField(blank=True, help_text="Which dates the group meets.")
    starts_on = models.DateField(help_text="The first date.")
    ends_on = models.DateField(null=True, blank=True, help_text="The last date (that session is kept).")
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    venue = models.ForeignKey(
        "events.Venue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave blank to use the group's usual venue.",
    )
    booking_mode = models.CharField(max_length=10, choices=BookingMode.choices, default=BookingMode.BOOK)
    adult_places = models.PositiveSmallIntegerField(default=12)
    creche_places = models.PositiveSmallIntegerField(default=0, help_text="0 when there is no creche.")
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
            heading="Which days",
        ),
        MultiFieldPanel(
            [FieldPanel("start_time"), FieldPanel("duration_minutes"), FieldPanel("venue")],
            heading="Time and place",
        ),
        MultiFieldPanel(
            [FieldPanel("booking_mode"), FieldPanel("adult_places"), FieldPanel("creche_places")],
            heading="Places",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "schedule"

    def __str__(self):
        return self.label or f"Schedule from {self.starts_on:%-d %B %Y}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    MOVED = "moved", "Moved"


class Session(models.Model):
    """One dated meeting of a group or workshop: the thing places and bookings attach to."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="sessions")
    schedule = models.ForeignKey(
        Schedule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text="Empty for a session staff added by hand.",
    )
    # Where the rule put this session; stays the same when staff move it, so the
    # calendar feed can say which occurrence moved (RECURRENCE-ID).
    occurrence_start = models.DateTimeField(null=True, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.ForeignKey("events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    status_reason = models.CharField(
        max_length=250, blank=True, help_text="Shown to families, e.g. 'Hall closed for repairs'."
    )
    booking_mode = models.CharField(max_length=10, choices=BookingMode.choices, default=BookingMode.BOOK)
    adult_places = models.PositiveSmallIntegerField(default=12)
    creche_places = models.PositiveSmallIntegerField(default=0)
    headcount_adults = models.PositiveSmallIntegerField(null=True, blank=True)
    headcount_children = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped on every change families should see.")
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
        return f"{self.page.title}, {timezone.localtime(self.start):%a %-d %b %Y %H:%M}"

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED


class Contact(models.Model):
    """The least we need to reach a family: the unit that is exported, erased or purged."""

    first_name = models.CharField(max_length=60)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    consent_at = models.DateTimeField(help_text="When they agreed to the privacy notice.")
    manage_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # An anonymous reference copied onto bookings, so that funder reports can still
    # count distinct families after personal details are purged. Only for counting:
    # it comes from what was typed, so it never decides who may see or change what.
    household_ref = models.UUIDField(default=uuid.uuid4, editable=False)
    # Set when a link we emailed to `email` was opened: whoever holds this contact's
    # link then also reads that mailbox (see events/privacy.py).
    email_proven_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Sent with the booking form; a second submission of the same form finds this
    # contact and its bookings instead of making new ones.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="contact_has_email_or_phone"),
        ]

    def __str__(self):
        return self.first_name


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Came"
    NO_SHOW = "no_show", "Did not come"


LIVE_BOOKING_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW]


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    # Null once personal details are purged; the booking stays as an anonymous count.
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings")
    household_ref = models.UUIDField(editable=False)
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    creche_children = models.PositiveSmallIntegerField(default=0, help_text="Children using a creche place.")
    children_ages = models.CharField(max_length=100, blank=True)
    access_needs = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED)
    walk_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "contact"],
                condition=Q(status__in=LIVE_BOOKING_STATUSES),
                name="booking_one_live_per_contact",
            ),
            models.CheckConstraint(condition=Q(adults__gte=1) | Q(walk_in=True), name="booking_has_an_adult"),
            models.CheckConstraint(
                condition=Q(creche_children__lte=models.F("children")), name="booking_creche_within_children"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"Booking {self.pk} for {self.session}"


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    PROMOTED = "promoted", "Given a place"
    LEFT = "left", "Left the list"


class WaitingEntry(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="waiting_entries")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="waiting_entries"
    )
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    creche_children = models.PositiveSmallIntegerField(default=0)
    children_ages = models.CharField(max_length=100, blank=True)
    access_needs = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=WaitingStatus.choices, default=WaitingStatus.WAITING)
    booking = models.OneToOneField(
        Booking,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_waiting_entry",
        help_text="The place this family was given when one came free.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "waiting list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "contact"],
                condition=Q(status="waiting"),
                name="waiting_one_per_contact",
            ),
            models.CheckConstraint(condition=Q(adults__gte=1), name="waiting_has_an_adult"),
            models.CheckConstraint(
                condition=Q(creche_children__lte=models.F("children")), name="waiting_creche_within_children"
            ),
        ]

    def __str__(self):
        return f"Waiting for {self.session}"


class EmailKind(models.TextChoices):
    """The kinds of email the booking domain queues in the outbox (messaging/)."""

    BOOKING_CONFIRMED = "booking_confirmed", "Booking confirmed"
    BOOKING_CHANGED = "booking_changed", "Booking changed"
    BOOKING_CANCELLED = "booking_cancelled", "Booking cancelled"
    WAITING_JOINED = "waiting_joined", "On the waiting list"
    WAITING_PROMOTED = "waiting_promoted", "Place from the waiting list"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    SESSION_MOVED = "session_moved", "Session moved"
    REMINDER = "reminder", "Reminder"
