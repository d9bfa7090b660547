"""The forms on a family's ideas page: suggest a topic, and vote or take a vote back."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import OneLineTextField
from events.models import GroupPage
from events.models.topics import TOPIC_TITLE_MAX_LENGTH
from web.ratelimit import HoneypotFormMixin


def place_value(page) -> str:
    return f"{'group' if isinstance(page, GroupPage) else 'area'}-{page.pk}"


class TopicSuggestForm(HoneypotFormMixin):
    place = forms.ChoiceField(label=_("For which group or area?"), widget=forms.RadioSelect)
    title = OneLineTextField(
        label=_("Your idea"),
        max_length=TOPIC_TITLE_MAX_LENGTH,
        help_text=_("A few words, such as “A dads’ group on Saturdays” or “Sleep and little ones”."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = {place_value(page): page for page in places.pages}
        self.fields["place"].choices = [(value, page.title) for value, page in self.pages.items()]
        if len(self.pages) == 1:
            self.fields["place"].initial = next(iter(self.pages))

    def clean_place(self):
        return self.pages[self.cleaned_data["place"]]
