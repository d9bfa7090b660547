"""What a group leader or coordinator chose to hear about their own groups."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaderPreferences(models.Model):
    """One row per staff user who changed a choice; no row means every choice is off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_preferences")
    emails_on_bookings = models.BooleanField(
        _("Email me when someone books or cancels on my groups"),
        default=False,
        help_text=_("One short email for each booking, cancellation or waiting-list change, without contact details."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("leader preferences")
        verbose_name_plural = _("leader preferences")

    def __str__(self):
        return str(self.user)
