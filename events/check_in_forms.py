"""The public check-in form: three optional questions, each a set of radio buttons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models.check_ins import Lonely, ServiceUsed, Welcome
from web.ratelimit import HoneypotFormMixin


class CheckInForm(HoneypotFormMixin):
    # The Office for National Statistics' recommended wording, so answers compare with national figures.
    lonely = forms.ChoiceField(
        label=_("How often do you feel lonely?"), choices=Lonely.choices, required=False, widget=forms.RadioSelect
    )
    welcome = forms.ChoiceField(
        label=_("How welcome did you feel at the group?"),
        choices=Welcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    service_used = forms.ChoiceField(
        label=_("Have you used a local service you heard about at the group?"),
        choices=ServiceUsed.choices,
        required=False,
        widget=forms.RadioSelect,
    )
