"""Forms of the worker's one-to-one admin: validation only, the services decide."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from events.models import Venue
from events.recurrence import local_datetime
from support.models import SupportMode
from support.services import MAX_REPEAT_WEEKS, NOTE_MAX_LENGTH


class SlotsAddForm(forms.Form):
    area = forms.ModelChoiceField(label=gettext_lazy("Programme"), queryset=None, empty_label=None)
    date = forms.DateField(label=gettext_lazy("Date"), widget=AdminDateInput)
    start_time = forms.TimeField(
        label=gettext_lazy("Starts at"),
        widget=AdminTimeInput,
        help_text=gettext_lazy("UK time, as on the clock that day."),
    )
    length_minutes = forms.IntegerField(label=gettext_lazy("Length in minutes"), min_value=5, max_value=240, initial=50)
    mode = forms.ChoiceField(label=gettext_lazy("How"), choices=SupportMode.choices, widget=forms.RadioSelect)
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Venue"),
        queryset=Venue.objects.order_by("name"),
        required=False,
        help_text=gettext_lazy("Only for a session in person."),
    )
    repeat_weeks = forms.IntegerField(
        label=gettext_lazy("Repeat weekly for this many more weeks"),
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        initial=0,
        help_text=gettext_lazy("0: only this date. The time stays the same on the clock when the clocks change."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean(self):
        data = super().clean()
        if data.get("mode") == SupportMode.VENUE and not data.get("venue"):
            self.add_error("venue", gettext_lazy("Choose the venue for a session in person."))
        if data.get("date") and data.get("start_time"):
            data["first_start"] = local_datetime(data["date"], data["start_time"])
        return data


class OfferForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=gettext_lazy("Another of your free times"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = slot_label


class MarkForm(forms.Form):
    held = forms.TypedChoiceField(
        label=gettext_lazy("Did the session take place?"),
        choices=[("yes", gettext_lazy("Yes, it took place")), ("no", gettext_lazy("No, they did not come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Short note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy(
            "Optional, at most 500 characters. The family can read it in their data, and it is removed with it."
        ),
    )


def slot_label(slot) -> str:
    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    text = f"{date_format(start, 'D j M Y')}, {date_format(start, 'TIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"
    return f"{text} ({slot.get_mode_display()})"
