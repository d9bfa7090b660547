"""Free one-to-one times as families read them: grouped by day, in local (Europe/London) time."""

from itertools import groupby

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def slots_by_day(slots) -> list[tuple]:
    """[(local date, [slots of that day]), ...] in the order given (the selector's, by start)."""
    return [
        (day, list(day_slots)) for day, day_slots in groupby(slots, key=lambda slot: timezone.localdate(slot.starts_at))
    ]


@register.filter
def slot_minutes(slot) -> int:
    return int((slot.ends_at - slot.starts_at).total_seconds() // 60)
