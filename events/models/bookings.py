"""Bookings and waiting-list entries: a family's claim on a session's places."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.models.contacts import Contact
from events.models.schedules import Session, SessionStatus


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")
    ATTENDED = "attended", _("Came")
    NO_SHOW = "no_show", _("Did not come")


LIVE_BOOKING_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW]


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    # Null once personal details are purged; the booking stays as an anonymous count.
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings")
    household_ref = models.UUIDField(editable=False)
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    creche_children = models.PositiveSmallIntegerField(default=0, help_text=_("Children using a creche place."))
    children_ages = models.CharField(max_length=100, blank=True)
    access_needs = models.TextField(blank=True)
    # The language the family booked in (a code from settings.LANGUAGES); blank is the
    # site's default. No `choices`, so that changing the languages needs no migration.
    language = models.CharField(max_length=10, blank=True, default="")
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
        return gettext("Booking %(number)s for %(session)s") % {"number": self.pk, "session": self.session}

    def status_shown(self) -> str:
        """The booking's status as staff should read it: a place on a cancelled session is not "Confirmed"."""
        if self.status == BookingStatus.CONFIRMED and self.session.status == SessionStatus.CANCELLED:
            return gettext("Session cancelled")
        return self.get_status_display()


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    PROMOTED = "promoted", _("Given a place")
    LEFT = "left", _("Left the list")


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
    # The language the family asked in (a code from settings.LANGUAGES); blank is the
    # site's default. No `choices`, so that changing the languages needs no migration.
    language = models.CharField(max_length=10, blank=True, default="")
    status = models.CharField(max_length=10, choices=WaitingStatus.choices, default=WaitingStatus.WAITING)
    booking = models.OneToOneField(
        Booking,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_waiting_entry",
        help_text=_("The place this family was given when one came free."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = _("waiting list entries")
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
        return gettext("Waiting for %(session)s") % {"session": self.session}
