"""Forms of the staff views: cancelling, moving and adding sessions, messaging its families, the register
(on screen and typed in from paper), the report period."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from events.forms import FreeTextField, OneLineTextField
from events.models.schedules import BookingMode
from events.models.venues import Venue
from events.recurrence import (
    LOCAL_TZ,
    local_datetime,
)
from events.services.notices import session_notice_too_long_error
from events.texts import session_notice_too_long_by


class SessionCancelForm(forms.Form):
    reason = OneLineTextField(
        label=gettext_lazy("Reason"),
        max_length=250,
        help_text=gettext_lazy(
            "Families see this in the email and on the website, e.g. 'The hall is closed for repairs'."
        ),
        error_messages={"line_break": gettext_lazy("Please write the reason on one line.")},
    )


class SessionTimesForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=AdminDateInput)
    start_time = forms.TimeField(label=gettext_lazy("Starts at"), widget=AdminTimeInput)
    end_time = forms.TimeField(label=gettext_lazy("Ends at"), widget=AdminTimeInput)
    venue = forms.ModelChoiceField(label=gettext_lazy("Venue"), queryset=Venue.objects.order_by("name"), required=False)

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) for name in ("date", "start_time", "end_time")):
            cleaned["start"] = local_datetime(cleaned["date"], cleaned["start_time"])
            cleaned["end"] = local_datetime(cleaned["date"], cleaned["end_time"])
            if cleaned["end"] <= cleaned["start"]:
                self.add_error("end_time", _("The session must end after it starts."))
        return cleaned


class SessionMoveForm(SessionTimesForm):
    reason = OneLineTextField(
        label=gettext_lazy("Reason (optional)"),
        max_length=250,
        required=False,
        help_text=gettext_lazy("Families see this in the email, e.g. 'The hall is booked that morning'."),
        error_messages={"line_break": gettext_lazy("Please write the reason on one line.")},
    )

    def __init__(self, *args, session, **kwargs):
        local_start = session.start.astimezone(LOCAL_TZ)
        # The session as it is, to change only what moves; the generic view always passes
        # an initial dict of its own (empty), so a default for the whole dict would never apply.
        kwargs["initial"] = {
            "date": local_start.date(),
            "start_time": local_start.time(),
            "end_time": session.end.astimezone(LOCAL_TZ).time(),
            "venue": session.venue_id,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.fields["venue"].help_text = _("Leave as it is to keep the same venue.")


class SessionAddForm(SessionTimesForm):
    page = forms.ModelChoiceField(label=gettext_lazy("Group or workshop"), queryset=None)
    booking_mode = forms.ChoiceField(
        label=gettext_lazy("Booking mode"), choices=BookingMode.choices, initial=BookingMode.BOOK
    )
    adult_places = forms.IntegerField(label=gettext_lazy("Adult places"), min_value=0, max_value=500, initial=12)
    creche_places = forms.IntegerField(
        label=gettext_lazy("Creche places"),
        min_value=0,
        max_value=200,
        initial=0,
        help_text=gettext_lazy("0 when there is no creche."),
    )

    field_order = ["page", "date", "start_time", "end_time", "venue", "booking_mode", "adult_places", "creche_places"]

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages
        self.fields["venue"].help_text = _("Leave blank to use the group's usual venue.")


class SessionNoticeForm(forms.Form):
    """A leader's message to a session's families; too long for a text is said before anything is sent."""

    message = FreeTextField(
        label=gettext_lazy("Message"),
        max_length=1000,
        help_text=gettext_lazy(
            "Every family booked on this session gets it, by email and/or text as each family chose. "
            "It is sent exactly as you write it, and not translated: you may write it in more than one language. "
            "Keep it short: a text holds far fewer letters in Urdu, Arabic or Bengali than in English."
        ),
        error_messages={"required": gettext_lazy("Write the message to send.")},
        # The box reads right to left when the message starts in Urdu or Arabic, left to right otherwise.
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def __init__(self, *args, session, text_languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.text_languages = text_languages

    def clean_message(self):
        message = self.cleaned_data["message"]
        too_long = session_notice_too_long_by(session=self.session, message=message, languages=self.text_languages)
        if too_long:
            raise session_notice_too_long_error(too_long)
        return message


class HeadcountForm(forms.Form):
    adults = forms.IntegerField(label=gettext_lazy("Adults who came"), min_value=0, max_value=500)
    children = forms.IntegerField(label=gettext_lazy("Children who came"), min_value=0, max_value=500)


class WalkInForm(forms.Form):
    adults = forms.IntegerField(label=gettext_lazy("Adults"), min_value=0, max_value=20, initial=1)
    children = forms.IntegerField(label=gettext_lazy("Children"), min_value=0, max_value=20, initial=0)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("adults") == 0 and cleaned.get("children") == 0:
            raise ValidationError(_("Count at least one person."))
        return cleaned


REGISTER_CHOICES = [
    ("confirmed", gettext_lazy("Not marked")),
    # Translators: on a session's register: the family came.
    ("attended", pgettext_lazy("attendance", "Came")),
    ("no_show", gettext_lazy("Did not come")),
]


class RegisterForm(forms.Form):
    """One "came / did not come" choice per booking on a session's register."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            self.fields[f"booking_{booking.pk}"] = forms.ChoiceField(
                label=booking.contact.first_name if booking.contact else _("Walk-in"),
                choices=REGISTER_CHOICES,
                initial=booking.status,
                widget=forms.RadioSelect,
            )

    def marks(self):
        return [(booking, self.cleaned_data[f"booking_{booking.pk}"]) for booking in self.bookings]


class AttendancePeriodForm(forms.Form):
    # Translators: the first day of the report's period.
    first = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=AdminDateInput)
    # Translators: the last day of the report's period.
    last = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("last") and cleaned["last"] < cleaned["first"]:
            raise ValidationError(_("'To' must be on or after 'From'."))
        return cleaned


def booking_people(booking) -> str:
    """ "1 adult, 2 children": the numbers a leader counts a family by."""
    people = ngettext("%(count)s adult", "%(count)s adults", booking.adults) % {"count": booking.adults}
    if booking.children:
        children = ngettext("%(count)s child", "%(count)s children", booking.children) % {"count": booking.children}
        people = f"{people}, {children}"
    return people


class PaperRegisterForm(forms.Form):
    """The paper register typed in at once: a tick per family booked and, for a drop-in, the headcount."""

    def __init__(self, *args, bookings, drop_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            name = booking.contact.first_name if booking.contact else _("Family (details removed)")
            self.fields[f"came_{booking.pk}"] = forms.BooleanField(
                # Translators: beside a tick box on the register, e.g. "Amina came (1 adult, 2 children)".
                label=_("%(name)s came (%(people)s)") % {"name": name, "people": booking_people(booking)},
                required=False,
                initial=booking.status == "attended",
            )
        if drop_in:
            self.fields["headcount_adults"] = forms.IntegerField(
                label=gettext_lazy("Adults who came"), required=False, min_value=0, max_value=500
            )
            self.fields["headcount_children"] = forms.IntegerField(
                label=gettext_lazy("Children who came"), required=False, min_value=0, max_value=500
            )

    def tick_fields(self):
        return [self[f"came_{booking.pk}"] for booking in self.bookings]

    def headcount_fields(self):
        return [self[name] for name in ("headcount_adults", "headcount_children") if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        counted = [cleaned.get("headcount_adults"), cleaned.get("headcount_children")]
        if "headcount_adults" in self.fields and not self.errors and counted.count(None) == 1:
            raise ValidationError(_("Give both numbers of the headcount, or neither."))
        return cleaned

    def came(self) -> list[int]:
        return [booking.pk for booking in self.bookings if self.cleaned_data[f"came_{booking.pk}"]]

    def headcount(self) -> tuple[int, int] | None:
        adults, children = self.cleaned_data.get("headcount_adults"), self.cleaned_data.get("headcount_children")
        return None if adults is None or children is None else (adults, children)


class WalkInRowForm(forms.Form):
    """One walk-in family from the paper: a row left empty is no family."""

    adults = forms.IntegerField(label=gettext_lazy("Adults"), required=False, min_value=0, max_value=20)
    children = forms.IntegerField(label=gettext_lazy("Children"), required=False, min_value=0, max_value=20)

    def people(self) -> tuple[int, int] | None:
        adults = self.cleaned_data.get("adults") or 0
        children = self.cleaned_data.get("children") or 0
        return (adults, children) if adults + children else None


# As many rows as the printed register has.
WALK_IN_ROWS = 8
WalkInRowFormSet = forms.formset_factory(WalkInRowForm, extra=WALK_IN_ROWS, max_num=WALK_IN_ROWS, validate_max=True)
