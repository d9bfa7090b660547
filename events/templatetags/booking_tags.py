"""Booking links on pages (`{% session_booking_url session as url %}`) and `{{ number|phone_display }}`."""

from django import template
from django.urls import reverse

from events.contact_details import phone_display as phone_display_format
from events.models.schedules import BookingMode, SessionStatus

register = template.Library()


@register.simple_tag
def session_booking_url(session):
    """Where a family books `session`, or "" when it cannot be booked online.

    Cancelled and drop-in sessions have no booking link.
    """
    if session.status == SessionStatus.CANCELLED or session.booking_mode != BookingMode.BOOK:
        return ""
    return reverse("events:session_detail", args=[session.pk])


@register.filter
def phone_display(number: str) -> str:
    """A stored E.164 number as people dial it: "07700 900123" for UK numbers."""
    return phone_display_format(number)
