"""The group and workshop page editor's form: a schedule change that would cancel or move
sessions families booked is saved (as a draft or published) only once the editor confirms it.

The change itself is made when the page is published (events/signal_handlers.py), now,
at a scheduled time or when a moderator approves it; the confirmation is asked for when
the change is saved, which every one of those paths goes through first.
"""

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.admin.forms import WagtailAdminPageForm

CONFIRM_FIELD = "schedule_changes_confirmed"


def change_described(change) -> str:
    """One affected session in a line: when, who is booked and waiting, and how they hear."""
    when = date_format(localtime(change.start), "l j E Y, H:i")
    families = ngettext("%(count)d family booked", "%(count)d families booked", change.booked) % {
        "count": change.booked
    }
    if change.waiting:
        families += ", " + (
            ngettext("%(count)d waiting", "%(count)d waiting", change.waiting) % {"count": change.waiting}
        )
    if change.cancelled and change.new_start:
        what = gettext("cancelled; a new session is made at %(time)s, which families must book again") % {
            "time": date_format(localtime(change.new_start), "H:i")
        }
    elif change.cancelled:
        what = gettext("cancelled")
    else:
        what = gettext("changed: it will end at %(end)s, at %(venue)s") % {
            "end": date_format(localtime(change.new_end), "H:i"),
            "venue": change.new_venue or gettext("no venue"),
        }
    channels = ", ".join(
        [
            ngettext("%(count)d email", "%(count)d emails", change.by_email) % {"count": change.by_email},
            ngettext("%(count)d text", "%(count)d texts", change.by_text) % {"count": change.by_text},
        ]
    )
    # Translators: e.g. "Tuesday 8 December 2026, 10:00 (2 families booked): cancelled.
    # They are told: "…" (2 emails, 1 text)."
    return gettext('%(when)s (%(families)s): %(what)s. They are told: "%(told)s" (%(channels)s).') % {
        "when": when,
        "families": families,
        "what": what,
        "told": change.told,
        "channels": channels,
    }


class SchedulePageForm(WagtailAdminPageForm):
    """Asks for confirmation before a schedule change cancels or moves sessions families booked."""

    schedule_changes_confirmed = forms.BooleanField(
        label=gettext_lazy("Yes, cancel these sessions and tell the families"),
        required=False,
        initial=False,
        help_text=gettext_lazy("Families are told by email and text as they chose, when the page is published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.schedule_changes = []

    def clean(self):
        cleaned = super().clean()
        schedules = self._kept_schedules()
        if schedules is None:
            return cleaned
        # Imported here: the page models name this form, and the selector reads those models.
        from events.selectors.schedule_changes import schedule_change_impact

        self.schedule_changes = schedule_change_impact(page=self.instance, schedules=schedules)
        if self.schedule_changes and not cleaned.get(CONFIRM_FIELD):
            lines = "; ".join(change_described(change) for change in self.schedule_changes)
            self.add_error(
                None,
                gettext(
                    "This change would cancel or change sessions that families have booked: %(sessions)s "
                    "Tick 'Yes, cancel these sessions and tell the families' under the schedules to go ahead."
                )
                % {"sessions": lines},
            )
            self.add_error(CONFIRM_FIELD, gettext("Tick this box to save the change, or change the schedule back."))
        return cleaned

    def _kept_schedules(self):
        """The page's schedules as edited, without the ones marked for deletion; None while any has a mistake."""
        formset = self.formsets.get("schedules")
        if formset is None or not formset.is_valid():
            return None
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        return [
            form.instance for form in formset.forms if form not in deleted and (form.instance.pk or form.has_changed())
        ]
