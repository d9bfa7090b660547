"""Grants: who funds which areas and groups, for how long, and for what."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grant(models.Model):
    funder = models.CharField(_("funder"), max_length=200)
    reference = models.CharField(_("reference"), max_length=100, blank=True, help_text=_("The funder's grant number."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    areas = models.ManyToManyField(
        "events.AreaPage",
        blank=True,
        related_name="grants",
        verbose_name=_("areas"),
        help_text=_("Every group in these areas is funded."),
    )
    groups = models.ManyToManyField(
        "events.GroupPage",
        blank=True,
        related_name="grants",
        verbose_name=_("groups"),
        help_text=_("Groups funded on their own, outside the areas above."),
    )
    pays_for = models.TextField(
        _("what it pays for"), blank=True, help_text=_("A sentence or two, e.g. 'A creche worker and the hall hire'.")
    )

    class Meta:
        ordering = ["-starts_on", "funder"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="grant_ends_after_start")
        ]

    def __str__(self):
        return f"{self.funder} ({self.reference})" if self.reference else self.funder

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A grant ends after it starts.")})
