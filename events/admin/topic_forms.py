"""The leaders' forms for topic suggestions: plain forms that validate; the services in
events/services/topics.py make the change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import OneLineTextField
from events.models.topics import TOPIC_REPLY_MAX_LENGTH, TOPIC_TITLE_MAX_LENGTH
from home.models import Topic


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class TopicOnBehalfForm(forms.Form):
    place = PlaceChoiceField(queryset=None, label=_("Group or area"))
    title = OneLineTextField(
        label=_("The idea, in a few words"),
        max_length=TOPIC_TITLE_MAX_LENGTH,
        help_text=_("Write it as the family said it. It is open for votes at once."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places


class Decision:
    APPROVE = "approve"
    DECLINE = "decline"
    MERGE = "merge"


class TopicDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What happens to this idea"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.APPROVE, _("Approve it: families can vote for it")),
            (Decision.DECLINE, _("Decline it, with a brief reply")),
            (Decision.MERGE, _("It is the same as another topic: join it to that one")),
        ],
    )
    reply = OneLineTextField(
        label=_("Brief reply to the family"),
        required=False,
        max_length=TOPIC_REPLY_MAX_LENGTH,
        help_text=_("The family reads it on their private page. Needed when you decline."),
    )
    merge_into = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Join it to"),
        help_text=_("Its votes move to that topic; a family that voted for both counts once."),
    )

    def __init__(self, *args, merge_targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = merge_targets

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == Decision.DECLINE and not cleaned.get("reply"):
            self.add_error("reply", _("Please write a brief reply, so the family knows why."))
        if decision == Decision.MERGE and not cleaned.get("merge_into"):
            self.add_error("merge_into", _("Please choose the topic to join it to."))
        return cleaned


class ShowOfHandsForm(forms.Form):
    hands = forms.IntegerField(
        label=_("How many hands went up"), min_value=1, max_value=500, widget=forms.NumberInput(attrs={"min": 1})
    )
    session = forms.ModelChoiceField(queryset=None, required=False, label=_("At which session"))

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class TopicWorkshopForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topic tags"),
        help_text=_("The workshop is filed under these, so families find it by topic."),
    )
