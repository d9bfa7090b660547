"""The family's forms for one-to-one sessions: ask for a time, and answer from the private link.

They validate input and nothing else; the views hand what they accept to support/services.py.
Like the booking form they ask for the least: a first name, one way to reach the family, the
language to speak to them in and, only if they wish, a few words about what they would like help with.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.forms import FreeTextField, OneLineTextField, ReachFieldsMixin
from web.ratelimit import HoneypotFormMixin

ABOUT_MAX_LENGTH = 300
WISH_MAX_LENGTH = 300

UNUSUAL_CHARACTERS_MESSAGE = gettext_lazy(
    "Please take out the unusual characters in this box: they cannot be read. Letters, numbers and "
    "punctuation in any language are fine."
)
MARKUP_MESSAGE = gettext_lazy("Please write this without < and > around words: it is read as plain words.")
TOO_LONG_MESSAGE = gettext_lazy("Please keep this to %(limit_value)d characters or fewer (it has %(show_value)d).")

# Control characters other than the tab and line breaks a textarea sends: nobody types them.
_CONTROL = {chr(code) for code in range(0x20)} - {"\t", "\n", "\r"} | {chr(0x7F)}


def _refuse_hostile(value: str) -> None:
    """Refuse what no one types: control characters, and text shaped like HTML tags.

    Refused, not cleaned away, so the family sees what we could not read and nothing
    they typed is changed behind their back.
    """
    if any(char in _CONTROL for char in value):
        raise ValidationError(UNUSUAL_CHARACTERS_MESSAGE, code="control")
    lowered = value.lower()
    for start in range(len(lowered) - 1):
        if lowered[start] == "<" and (lowered[start + 1].isalpha() or lowered[start + 1] in "/!?"):
            raise ValidationError(MARKUP_MESSAGE, code="markup")


class PlainNameField(OneLineTextField):
    default_error_messages = {"null_characters_not_allowed": UNUSUAL_CHARACTERS_MESSAGE}

    def to_python(self, value):
        _refuse_hostile(value or "")
        return super().to_python(value)


class PlainTextField(FreeTextField):
    default_error_messages = {"null_characters_not_allowed": UNUSUAL_CHARACTERS_MESSAGE}

    def to_python(self, value):
        _refuse_hostile(value or "")
        return super().to_python(value)


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself ("اردو", "Polski"), so a family finds their own."""
    return list(settings.LANGUAGES)


class SupportAskForm(HoneypotFormMixin, ReachFieldsMixin):
    """What a family tells us to ask for one time: the least we need to meet them."""

    field_order = ["first_name", "email", "phone", "texts", "language", "about", "consent"]

    first_name = PlainNameField(
        label=gettext_lazy("Your first name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={
            "required": gettext_lazy("Please give your first name, so that the worker knows who to expect."),
            "line_break": gettext_lazy("Please write your first name on one line."),
            "max_length": TOO_LONG_MESSAGE,
        },
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Which language would you like to speak?"),
        choices=language_choices,
        help_text=gettext_lazy("We write to you in this language, and tell the worker."),
    )
    about = PlainTextField(
        label=gettext_lazy("What would you like help with?"),
        required=False,
        max_length=ABOUT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG_MESSAGE},
    )
    consent = forms.BooleanField(label=gettext_lazy("I agree to the privacy notice"))
    # A fresh key per form shown: sending the same form twice finds the first request.
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    one_of_fields = ("email", "phone")
    neither_message = gettext_lazy("Please give an email address or a phone number, so that we can reach you.")

    def __init__(self, *args, phone_needed: bool = False, privacy_url: str = "", **kwargs):
        """`phone_needed`: the session is by phone, so a number to call is needed."""
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("request_key", uuid.uuid4())
        initial.setdefault("language", _current_language())
        super().__init__(*args, **kwargs)
        self.phone_needed = phone_needed
        self.fields["email"].help_text = _("We send what you asked for here. Give an email, a phone number or both.")
        if phone_needed:
            self.fields["phone"].help_text = _("The worker phones you on this number at the time you chose.")
        self.fields["texts"].label = _("Send me text messages about this session")
        self.fields["texts"].help_text = _(
            "To your mobile: what you asked for, a reminder, and any change. Reply STOP to any text to end them."
        )
        self.fields["about"].help_text = _(
            "Optional: a few words if you wish, up to %(count)d characters. Only the worker who meets you "
            "and the programme's safeguarding lead read them. You can also say nothing and talk when you meet."
        ) % {"count": ABOUT_MAX_LENGTH}
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                _('Read the <a href="{url}">privacy notice</a>: it says what we keep and for how long.'),
                url=privacy_url,
            )
        else:
            self.fields["consent"].help_text = _(
                "We use your details only to arrange this session, and never share them."
            )
        self.fields["consent"].error_messages["required"] = _("Please tick this box to agree to the privacy notice.")

    def clean(self):
        cleaned = super().clean()
        if self.phone_needed and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("This session is by phone: please give a number the worker can call."))
        return cleaned


def _current_language() -> str:
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class SupportOtherTimeForm(HoneypotFormMixin):
    """Ask the worker for another time, with a few words about which times suit, if the family wishes."""

    wish = PlainTextField(
        label=gettext_lazy("Which times suit you better?"),
        required=False,
        max_length=WISH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Optional. For example: “Mornings after school drop-off” or “Not on Fridays”."),
        error_messages={"max_length": TOO_LONG_MESSAGE},
    )
