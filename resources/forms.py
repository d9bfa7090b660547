"""Filter forms for the resource list and the directory of local services.

Both are GET forms that work without JavaScript; an unknown value in the address
is ignored rather than shown as an error, because it usually comes from an old link.
"""

from django import forms

from events.models import AreaPage
from home.models import Topic

from .models import ResourceKind


class TopicChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.order_by("name"),
            to_field_name="slug",
            required=False,
            empty_label="Any topic",
            **kwargs,
        )


class AreaChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        # Narrowed to public areas per form, in LenientFilterForm: public() asks the
        # database, which must not happen when this module is imported.
        super().__init__(
            queryset=AreaPage.objects.live().order_by("title"),
            to_field_name="slug",
            required=False,
            empty_label="Any area",
            **kwargs,
        )


class LenientFilterForm(forms.Form):
    """A filter form whose invalid fields are dropped, keeping the valid ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, AreaChoiceField):
                form_field.queryset = form_field.queryset.public()

    def filters(self) -> dict:
        if not self.is_valid():
            # Show the form as it is used: an unknown value reads as "any".
            data = self.data.copy()
            for name in self.errors:
                data.pop(name, None)
            self.data = data
            self.full_clean()
        return {name: value for name, value in self.cleaned_data.items() if value}


class ResourceFilterForm(LenientFilterForm):
    kind = forms.ChoiceField(label="Type", choices=[("", "Any type"), *ResourceKind.choices], required=False)
    topic = TopicChoiceField(label="Topic")


class LocalServiceFilterForm(LenientFilterForm):
    area = AreaChoiceField(label="Area")
    topic = TopicChoiceField(label="Topic")
