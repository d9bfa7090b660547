"""Forms for the booking domain: they validate input and nothing else.

Every change they describe is made by a function in events/services/, called by
the view (or, for schedules, by Wagtail saving the page).
"""

import datetime as dt
import re
import uuid

import recurrence as django_recurrence
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from events.services.contacts import MAX_ADULTS, MAX_CHILDREN
from home.text import digits_to_ascii, line_break_in, text_clean
from web.ratelimit import HoneypotFormMixin

from .contact_details import (
    PHONE_FOR_TEXTS_MESSAGE,
    PHONE_UNREADABLE_MESSAGE,
    PhoneNumberUnreadable,
    phone_normalise,
    phone_texts_refusal,
)
from .recurrence import (
    LOCAL_TZ,
    WEEK_OF_MONTH_CHOICES,
    WEEKDAY_CHOICES,
    Repeats,
    local_date,
    recurrence_build,
    recurrence_choices,
    schedule_dates,
)

DATE_EXAMPLE = "24/12/2026"


def _day(value: dt.date) -> str:
    # "Mon 5 January 2026", with day and month names in the language in use.
    return date_format(value, "D j E Y")


class DateListField(forms.CharField):
    """Dates typed one a line (or separated by commas), e.g. "24/12/2026", read as local dates."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        value = super().to_python(value)
        dates, wrong = [], []
        for item in re.split(r"[\n,;]+", value or ""):
            item = item.strip()
            if not item:
                continue
            parsed = self._parse(item)
            (dates if parsed else wrong).append(parsed or item)
        if wrong:
            raise ValidationError(
                _("These are not dates we can read: %(wrong)s. Write each date like %(example)s."),
                code="invalid_date",
                params={"wrong": ", ".join(wrong), "example": DATE_EXAMPLE},
            )
        return sorted(set(dates))

    @staticmethod
    def _parse(text):
        for input_format in [*get_format("DATE_INPUT_FORMATS"), "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"]:
            try:
                return dt.datetime.strptime(text, input_format).date()
            except ValueError:
                continue
        return None

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{day:%d/%m/%Y}" for day in value)
        return value


class OneLineTextField(forms.CharField):
    """Text for one line, such as a name: refused with a line break, without invisible characters."""

    default_error_messages = {"line_break": gettext_lazy("Please write this on one line.")}

    def to_python(self, value):
        value = super().to_python(value)
        if line_break_in(value):
            raise ValidationError(self.error_messages["line_break"], code="line_break")
        return text_clean(value).strip()


class NumberTypedField(forms.IntegerField):
    """A whole number as a family types it, in Arabic-Indic or Bengali digits as well as 0-9.

    A text box with a number keypad rather than <input type="number">: browsers empty
    a number box that holds digits other than 0-9, so "٢" would arrive as nothing.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = digits_to_ascii(value).strip()
        return super().to_python(value)


class FreeTextField(forms.CharField):
    """Text of several lines, such as access needs: lines kept, control and invisible characters gone."""

    widget = forms.Textarea

    def to_python(self, value):
        return text_clean(super().to_python(value), multiline=True).strip()


class ScheduleForm(WagtailAdminModelForm):
    """A schedule in plain choices; clean() turns them into the RecurrenceField value.

    Used for each schedule in the page editor through ChildFormInlinePanel, which
    honours Schedule.base_form_class.
    """

    repeats = forms.ChoiceField(label=gettext_lazy("Repeats"), choices=Repeats.choices, initial=Repeats.WEEKLY)
    weekday = forms.TypedChoiceField(
        label=pgettext_lazy("the weekday a schedule meets on", "On"),
        choices=[("", gettext_lazy("The same weekday as the first date")), *WEEKDAY_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    week_of_month = forms.TypedChoiceField(
        label=gettext_lazy("Which one in the month"),
        choices=[("", gettext_lazy("Not monthly")), *WEEK_OF_MONTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Only for 'once a month': for example 'Second' and 'Tuesday', or 'Last' and 'Friday'."),
    )
    # The example date is written out: it shows the form dates must be typed in (DATE_EXAMPLE).
    excluded_dates = DateListField(
        label=gettext_lazy("Skip these dates"),
        required=False,
        help_text=gettext_lazy(
            "Days it would meet but does not, such as school or bank holidays. One date a line, like 24/12/2026."
        ),
    )
    extra_dates = DateListField(
        label=gettext_lazy("Extra dates"),
        required=False,
        help_text=gettext_lazy("Days it meets as well as the pattern above. One date a line, like 24/12/2026."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].label = _("First date")
        self.fields["starts_on"].help_text = _(
            "The date of the first session. It must be one of the days above. "
            "For 'every 2 weeks' it also sets which weeks: the group meets 2, 4, 6 weeks after it, and so on."
        )
        self.fields["ends_on"].label = _("Last date")
        self.fields["ends_on"].help_text = _("Leave blank to keep going. A session on this date still happens.")
        self.kept_rules = None
        value = self.instance.recurrences if self.instance.pk or self.instance.recurrences else None
        if value is None:
            return
        choices = recurrence_choices(value)
        if choices is None:
            # Set up outside this form (for example "Mondays and Thursdays"): offer to keep it.
            self.kept_rules = list(value.rrules)
            self.fields["repeats"].choices = [
                (Repeats.KEEP, _("Keep the current pattern (set up elsewhere)")),
                *Repeats.choices,
            ]
            self.initial.setdefault("repeats", Repeats.KEEP)
            self.initial.setdefault("excluded_dates", sorted({local_date(day) for day in value.exdates}))
            self.initial.setdefault("extra_dates", sorted({local_date(day) for day in value.rdates}))
            return
        self.initial.setdefault("repeats", choices["repeats"])
        self.initial.setdefault("weekday", choices["weekday"])
        self.initial.setdefault("week_of_month", choices["week_of_month"])
        self.initial.setdefault("excluded_dates", choices["excluded"])
        self.initial.setdefault("extra_dates", choices["extra"])

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        repeats = cleaned.get("repeats") or Repeats.ONCE
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last date must be on or after the first date."))
        weekday = cleaned.get("weekday")
        if weekday is None and starts_on:
            weekday = starts_on.weekday()
        if repeats == Repeats.MONTHLY and cleaned.get("week_of_month") is None:
            self.add_error("week_of_month", _("Choose which one in the month, for example 'Second'."))
        if self.errors or not starts_on:
            return cleaned
        start_time = cleaned.get("start_time") or dt.time(12)
        excluded, extra = cleaned.get("excluded_dates") or [], cleaned.get("extra_dates") or []
        if repeats == Repeats.KEEP:
            value = recurrence_build(repeats=Repeats.ONCE, weekday=0, excluded=excluded, extra=extra, at=start_time)
            value.rrules = self.kept_rules or []
        else:
            value = recurrence_build(
                repeats=repeats,
                weekday=weekday,
                week_of_month=cleaned.get("week_of_month"),
                excluded=excluded,
                extra=extra,
                at=start_time,
            )
        self._check_dates(value, starts_on=starts_on, ends_on=ends_on, excluded=excluded, extra=extra)
        if self._first_date_changed():
            self._check_first_date(value, starts_on=starts_on, repeats=repeats, cleaned=cleaned, weekday=weekday)
        self.instance.recurrences = value
        return cleaned

    def _first_date_changed(self) -> bool:
        # A schedule saved before this check keeps its first date until someone edits its days.
        watched = {"starts_on", "repeats", "weekday", "week_of_month"}
        return self.instance.pk is None or bool(watched & set(self.changed_data))

    def _check_first_date(self, value, *, starts_on, repeats, cleaned, weekday):
        """The first date must be a date of the pattern, or the first session would fall on another day."""
        if not value.rrules:
            return
        pattern_only = django_recurrence.Recurrence(rrules=value.rrules)
        probe = _ScheduleProbe(starts_on=starts_on, ends_on=None, recurrences=pattern_only)
        dates = schedule_dates(probe, first=starts_on, last=starts_on + dt.timedelta(days=400))
        if not dates or dates[0] == starts_on:
            return
        given, first = date_format(starts_on, "l j E Y"), date_format(dates[0], "l j E Y")
        if repeats == Repeats.MONTHLY:
            pattern = _("the %(which)s %(weekday)s of the month") % {
                "which": str(dict(WEEK_OF_MONTH_CHOICES)[cleaned["week_of_month"]]).lower(),
                "weekday": dict(WEEKDAY_CHOICES)[weekday],
            }
        elif repeats in (Repeats.WEEKLY, Repeats.FORTNIGHTLY):
            pattern = _("a %(weekday)s") % {"weekday": dict(WEEKDAY_CHOICES)[weekday]}
        else:
            pattern = _("one of the days of the current pattern")
        self.add_error(
            "starts_on",
            _(
                "%(given)s is not %(pattern)s. The group would first meet on %(first)s: "
                "choose that date, or change the day."
            )
            % {"given": given, "pattern": pattern, "first": first},
        )

    def _check_dates(self, value, *, starts_on, ends_on, excluded, extra):
        outside = [day for day in extra if day < starts_on or (ends_on and day > ends_on)]
        if outside:
            self.add_error(
                "extra_dates",
                _("These are outside the first and last dates, so they would not happen: %(dates)s.")
                % {"dates": ", ".join(_day(day) for day in outside)},
            )
        if not excluded:
            return
        # Which of the skipped dates the pattern would have given, without the skips.
        without_skips = django_recurrence.Recurrence(rrules=value.rrules, rdates=value.rdates)
        probe = _ScheduleProbe(starts_on=starts_on, ends_on=ends_on, recurrences=without_skips)
        meets = set(schedule_dates(probe, first=min(excluded), last=max(excluded)))
        not_meeting = [day for day in excluded if day not in meets]
        if not_meeting:
            self.add_error(
                "excluded_dates",
                _("The group does not meet on these dates, so there is nothing to skip: %(dates)s.")
                % {"dates": ", ".join(_day(day) for day in not_meeting)},
            )


class _ScheduleProbe:
    """Just enough of a Schedule for schedule_dates(), to try a rule before saving it."""

    def __init__(self, *, starts_on, ends_on, recurrences):
        self.starts_on, self.ends_on, self.recurrences = starts_on, ends_on, recurrences


# Public booking ----------------------------------------------------------------------


class FamilyNumbersMixin(forms.Form):
    adults = NumberTypedField(
        label=gettext_lazy("Adults"),
        min_value=1,
        max_value=MAX_ADULTS,
        initial=1,
    )
    children = NumberTypedField(
        label=gettext_lazy("Children coming with you"),
        min_value=0,
        max_value=MAX_CHILDREN,
        initial=0,
    )
    creche_children = NumberTypedField(
        label=gettext_lazy("How many of them for the creche"),
        min_value=0,
        max_value=MAX_CHILDREN,
        initial=0,
        required=False,
    )
    children_ages = OneLineTextField(
        label=gettext_lazy("Ages of the children for the creche"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("For example: 8 months and 3 years."),
        error_messages={"line_break": gettext_lazy("Please write the ages on one line.")},
    )
    access_needs = FreeTextField(
        label=gettext_lazy("Anything we should know to make you welcome"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: step-free access, an interpreter, or a quiet space."),
    )

    def __init__(self, *args, has_creche: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_creche = has_creche
        if not has_creche:
            del self.fields["creche_children"]
            del self.fields["children_ages"]
            return
        # Needed only with a creche place, which the browser cannot check without a script:
        # the label says so before the form is sent, and clean() refuses it missing.
        self.fields["children_ages"].needed_when = _("(needed if any children go to the creche)")

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("creche_children", 0)
        cleaned["creche_children"] = cleaned.get("creche_children") or 0
        cleaned.setdefault("children_ages", "")
        children = cleaned.get("children")
        if children is not None and cleaned["creche_children"] > children:
            self.add_error("creche_children", _("This cannot be more than the number of children coming."))
        # A creche number refused above has left cleaned_data: .get, not []. Ages refused
        # already (written over two lines) need no second message.
        ages_refused = "children_ages" in self.errors
        if cleaned.get("creche_children") and not ages_refused and not cleaned.get("children_ages", "").strip():
            self.add_error("children_ages", _("Please tell us the ages, so the creche can get ready."))
        return cleaned


class ReachFieldsMixin(forms.Form):
    """How we reach a family: an email address, a phone number, or both, and texts if they agree.

    Used on the booking form and on the family's own page of how we reach them.
    """

    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
        help_text=gettext_lazy("A mobile number if you would like texts. A landline is fine for calls."),
    )
    texts = forms.BooleanField(
        label=gettext_lazy("Send me text messages about my bookings"),
        required=False,
        help_text=gettext_lazy("Reply STOP to any text to end them."),
    )
    # What is said when both the email and the phone are left blank.
    neither_message = gettext_lazy("Please keep an email address or a phone number, so that we can reach you.")

    def clean_phone(self):
        try:
            return phone_normalise(self.cleaned_data["phone"])
        except PhoneNumberUnreadable:
            raise ValidationError(PHONE_UNREADABLE_MESSAGE, code="phone") from None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not {"email", "phone"} & set(self.errors):
            self.add_error("email", self.neither_message)
        # Texts need a mobile number: say so beside the phone box, in plain words.
        if cleaned.get("texts") and "phone" not in self.errors:
            if not cleaned.get("phone"):
                self.add_error("phone", PHONE_FOR_TEXTS_MESSAGE)
            elif refusal := phone_texts_refusal(cleaned["phone"]):
                self.add_error("phone", refusal)
        return cleaned


class BookingForm(HoneypotFormMixin, FamilyNumbersMixin, ReachFieldsMixin):
    """What a family tells us to book: the least we need. Also used to join a waiting list."""

    field_order = [
        "first_name",
        "email",
        "phone",
        "texts",
        "adults",
        "children",
        "creche_children",
        "children_ages",
        "access_needs",
        "whole_run",
        "consent",
    ]

    first_name = OneLineTextField(
        label=gettext_lazy("Your first name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={
            "required": gettext_lazy("Please give your first name, so that we know who to expect."),
            "line_break": gettext_lazy("Please write your first name on one line."),
        },
    )
    whole_run = forms.BooleanField(label=gettext_lazy("Book every session of this run"), required=False)
    consent = forms.BooleanField(label=gettext_lazy("I agree to the privacy notice"))
    # A fresh key per form shown: sending the same form twice finds the first booking.
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    # One of these is needed, so neither is marked "optional".
    one_of_fields = ("email", "phone")
    neither_message = gettext_lazy("Please give an email address or a phone number, so that we can reach you.")

    def __init__(
        self, *args, run_dates: list | None = None, privacy_url: str | None = "", waiting: bool = False, **kwargs
    ):
        """`waiting`: the session is full, and the form joins its waiting list; its words say so.

        `privacy_url` None leaves the consent box's help for privacy_url_set(), called
        only when the form is shown: a form that books needs no privacy page looked up.
        """
        kwargs.setdefault("initial", {}).setdefault("request_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        if waiting:
            self.fields["email"].help_text = _(
                "We tell you here when a place comes up. Give an email, a phone number or both."
            )
            self.fields["texts"].label = _("Send me a text message when a place comes up")
            self.fields["texts"].help_text = _(
                "To your mobile: a place for you, and any change. Reply STOP to any text to end them."
            )
        else:
            self.fields["email"].help_text = _("We send your booking here. Give an email, a phone number or both.")
            self.fields["texts"].label = _("Send me text messages about my booking")
            self.fields["texts"].help_text = _(
                "To your mobile: your booking, a reminder the day before, and any change. "
                "Reply STOP to any text to end them."
            )
        if run_dates and len(run_dates) > 1:
            later, until = len(run_dates) - 1, timezone_local_day(run_dates[-1])
            self.fields["whole_run"].label = ngettext(
                "Book this and the next session, until %(day)s",
                "Book this and the next %(count)s sessions, until %(day)s",
                later,
            ) % {"count": later, "day": until}
            self.fields["whole_run"].help_text = ngettext(
                "%(count)s session in all, the last on %(day)s. If some are full we book the rest and tell you which.",
                "%(count)s sessions in all, the last on %(day)s. If some are full we book the rest and tell you which.",
                len(run_dates),
            ) % {"count": len(run_dates), "day": until}
        else:
            del self.fields["whole_run"]
        if privacy_url is not None:
            self.privacy_url_set(privacy_url)
        self.fields["consent"].error_messages["required"] = _("Please tick this box to agree to the privacy notice.")

    def privacy_url_set(self, privacy_url: str) -> None:
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                _('Read the <a href="{url}">privacy notice</a>: it says what we keep and for how long.'),
                url=privacy_url,
            )
        else:
            self.fields["consent"].help_text = _("We use your details only to run the group, and never share them.")

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("whole_run", False)
        return cleaned


def timezone_local_day(moment: dt.datetime) -> str:
    """ "Monday 5 January" in local time, with day and month names in the language in use."""
    return date_format(moment.astimezone(LOCAL_TZ), "l j E")


class BookingChangeForm(FamilyNumbersMixin):
    """Change the numbers or needs on a booking, through the private link."""


class ContactChannelsForm(ReachFieldsMixin):
    """How a family hears from us, changed on their private page: email, mobile, texts or not."""


# Staff -----------------------------------------------------------------------------
