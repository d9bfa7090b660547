"""Forms of the staff views: cancelling, moving and adding sessions, the register, the report period."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from events.forms import OneLineTextField
from events.models.schedules import BookingMode
from events.models.venues import Venue
from events.recurrence import (
    LOCAL_TZ,
    local_datetime,
)


class SessionCancelForm(forms.Form):
    reason = OneLineTextField(
        label="Reason",
        max_length=250,
        help_text="Families see this in the email and on the website, e.g. 'The hall is closed for repairs'.",
        error_messages={"line_break": "Please write the reason on one line."},
    )


class SessionTimesForm(forms.Form):
    date = forms.DateField(widget=AdminDateInput)
    start_time = forms.TimeField(label="Starts at", widget=AdminTimeInput)
    end_time = forms.TimeField(label="Ends at", widget=AdminTimeInput)
    venue = forms.ModelChoiceField(queryset=Venue.objects.order_by("name"), required=False)

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) for name in ("date", "start_time", "end_time")):
            cleaned["start"] = local_datetime(cleaned["date"], cleaned["start_time"])
            cleaned["end"] = local_datetime(cleaned["date"], cleaned["end_time"])
            if cleaned["end"] <= cleaned["start"]:
                self.add_error("end_time", "The session must end after it starts.")
        return cleaned


class SessionMoveForm(SessionTimesForm):
    reason = OneLineTextField(
        label="Reason (optional)",
        max_length=250,
        required=False,
        help_text="Families see this in the email, e.g. 'The hall is booked that morning'.",
        error_messages={"line_break": "Please write the reason on one line."},
    )

    def __init__(self, *args, session, **kwargs):
        local_start = session.start.astimezone(LOCAL_TZ)
        kwargs.setdefault(
            "initial",
            {
                "date": local_start.date(),
                "start_time": local_start.time(),
                "end_time": session.end.astimezone(LOCAL_TZ).time(),
                "venue": session.venue_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["venue"].help_text = "Leave as it is to keep the same venue."


class SessionAddForm(SessionTimesForm):
    page = forms.ModelChoiceField(label="Group or workshop", queryset=None)
    booking_mode = forms.ChoiceField(choices=BookingMode.choices, initial=BookingMode.BOOK)
    adult_places = forms.IntegerField(min_value=0, max_value=500, initial=12)
    creche_places = forms.IntegerField(min_value=0, max_value=200, initial=0, help_text="0 when there is no creche.")

    field_order = ["page", "date", "start_time", "end_time", "venue", "booking_mode", "adult_places", "creche_places"]

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages
        self.fields["venue"].help_text = "Leave blank to use the group's usual venue."


class HeadcountForm(forms.Form):
    adults = forms.IntegerField(label="Adults who came", min_value=0, max_value=500)
    children = forms.IntegerField(label="Children who came", min_value=0, max_value=500)


class WalkInForm(forms.Form):
    adults = forms.IntegerField(label="Adults", min_value=0, max_value=20, initial=1)
    children = forms.IntegerField(label="Children", min_value=0, max_value=20, initial=0)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("adults") == 0 and cleaned.get("children") == 0:
            raise ValidationError("Count at least one person.")
        return cleaned


REGISTER_CHOICES = [("confirmed", "Not marked"), ("attended", "Came"), ("no_show", "Did not come")]


class RegisterForm(forms.Form):
    """One "came / did not come" choice per booking on a session's register."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            self.fields[f"booking_{booking.pk}"] = forms.ChoiceField(
                label=booking.contact.first_name if booking.contact else "Walk-in",
                choices=REGISTER_CHOICES,
                initial=booking.status,
                widget=forms.RadioSelect,
            )

    def marks(self):
        return [(booking, self.cleaned_data[f"booking_{booking.pk}"]) for booking in self.bookings]


class AttendancePeriodForm(forms.Form):
    first = forms.DateField(label="From", required=False, widget=AdminDateInput)
    last = forms.DateField(label="To", required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("last") and cleaned["last"] < cleaned["first"]:
            raise ValidationError("'To' must be on or after 'From'.")
        return cleaned
