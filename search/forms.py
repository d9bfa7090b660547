"""The search form: words plus filters, all in the address so results can be shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resources.forms import LenientFilterForm, SlugChoiceField, audiences, public_areas, topics

TYPE_CHOICES = [("group", _("Groups")), ("workshop", _("Workshops")), ("resource", _("Resources"))]

# ISO numbering (Monday is 1), which is what Django's `iso_week_day` lookup uses.
DAY_CHOICES = [
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
    ("saturday", _("Saturday")),
    ("sunday", _("Sunday")),
]
ISO_WEEK_DAY = {slug: number for number, (slug, _) in enumerate(DAY_CHOICES, start=1)}
# The words box heads the page and the filters follow the results, so the filters
# belong to the words' form by its id.
FORM_ID = "search-form"


class SearchForm(LenientFilterForm):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=200,
        help_text=_("For example a village, 'dads' or 'sleep'."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    area = SlugChoiceField(label=_("Area"), source=public_areas, empty_label=_("Any area"))
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Groups, workshops and resources")), *TYPE_CHOICES], required=False
    )
    audience = SlugChoiceField(
        label=_("Who it is for"), source=audiences, empty_label=_("Anyone"), help_text=_("Groups and workshops.")
    )
    day = forms.ChoiceField(
        label=_("Day"), choices=[("", _("Any day")), *DAY_CHOICES], required=False, help_text=_("Groups and workshops.")
    )
    topic = SlugChoiceField(
        label=_("Topic"), source=topics, empty_label=_("Any topic"), help_text=_("Workshops and resources.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["form"] = FORM_ID

    def filter_fields(self):
        return [self[name] for name in self.fields if name != "q"]

    def clean_q(self):
        # SQLite's full-text search reads a double quote as query syntax and fails on
        # an unmatched one; only words are searched for, so quotes become spaces.
        return " ".join(self.cleaned_data["q"].replace('"', " ").split())
