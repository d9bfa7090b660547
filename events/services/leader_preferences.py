"""A leader's own choices: whether to be emailed about their groups' bookings."""

from django.db import transaction

from events.models import LeaderPreferences


@transaction.atomic
def leader_preferences_set(*, user, emails_on_bookings: bool) -> LeaderPreferences:
    preferences, _created = LeaderPreferences.objects.update_or_create(
        user=user, defaults={"emails_on_bookings": emails_on_bookings}
    )
    return preferences


__all__ = ["leader_preferences_set"]
