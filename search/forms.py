"""The search form: words plus filters, all in the address so results can be shared."""

from django import forms

from resources.forms import LenientFilterForm, SlugChoiceField, audiences, public_areas, topics

TYPE_CHOICES = [("group", "Groups"), ("workshop", "Workshops"), ("resource", "Resources")]

# ISO numbering (Monday is 1), which is what Django's `iso_week_day` lookup uses.
DAY_CHOICES = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
]
ISO_WEEK_DAY = {slug: number for number, (slug, _) in enumerate(DAY_CHOICES, start=1)}


class SearchForm(LenientFilterForm):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=200,
        help_text="For example a village, 'dads' or 'sleep'.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    area = SlugChoiceField(label="Area", source=public_areas, empty_label="Any area")
    type = forms.ChoiceField(
        label="Type", choices=[("", "Groups, workshops and resources"), *TYPE_CHOICES], required=False
    )
    audience = SlugChoiceField(
        label="Who it is for", source=audiences, empty_label="Anyone", help_text="Groups and workshops."
    )
    day = forms.ChoiceField(
        label="Day", choices=[("", "Any day"), *DAY_CHOICES], required=False, help_text="Groups and workshops."
    )
    topic = SlugChoiceField(label="Topic", source=topics, empty_label="Any topic", help_text="Workshops and resources.")

    def clean_q(self):
        # SQLite's full-text search reads a double quote as query syntax and fails on
        # an unmatched one; only words are searched for, so quotes become spaces.
        return " ".join(self.cleaned_data["q"].replace('"', " ").split())
