"""Filter forms for the resource list, the directory of local services and search.

They are GET forms that work without JavaScript. An unknown value in the address is
ignored rather than shown as an error, because it usually comes from an old link.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import AreaPage
from home.localization import content_language_q
from home.models import Audience, Topic, names_in_language
from home.page_visibility import public_pages_q

from .kinds import ResourceKind


def public_areas():
    """Areas to filter by, in the visitor's language (the slugs are the same in every language)."""
    return AreaPage.objects.filter(public_pages_q(), content_language_q()).order_by("title")


def topics():
    return names_in_language(Topic.objects.order_by("name"))


def audiences():
    return names_in_language(Audience.objects.order_by("name"))


class SlugChoiceField(forms.ChoiceField):
    """A choice of one object by its slug, from a list read once per request.

    Unlike ModelChoiceField, which asks the database again to show its options and
    again to check the answer, this reads its list once (or is handed one the page
    already has) and checks against that.
    """

    def __init__(self, *, source, empty_label, **kwargs):
        super().__init__(choices=[("", empty_label)], required=False, **kwargs)
        self.source = source
        self.empty_label = empty_label
        self.objects = {}

    def set_objects(self, objects):
        self.objects = {item.slug: item for item in objects}
        # Topics and audiences are named in the reader's language; areas by their title.
        labels = {slug: str(getattr(item, "name_shown", item)) for slug, item in self.objects.items()}
        self.choices = [
            ("", self.empty_label),
            *labels.items(),
        ]

    def clean(self, value):
        return self.objects.get(super().clean(value))


class LenientFilterForm(forms.Form):
    """A filter form whose invalid fields are dropped, keeping the valid ones.

    `objects` hands over lists the caller has already read, by field name.
    """

    def __init__(self, data=None, *, objects=None, **kwargs):
        super().__init__(data, **kwargs)
        objects = objects or {}
        for name, form_field in self.fields.items():
            if isinstance(form_field, SlugChoiceField):
                form_field.set_objects(objects[name] if name in objects else list(form_field.source()))

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
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Any type")), *ResourceKind.choices], required=False)
    topic = SlugChoiceField(label=_("Topic"), source=topics, empty_label=_("Any topic"))


class LocalServiceFilterForm(LenientFilterForm):
    area = SlugChoiceField(label=_("Area"), source=public_areas, empty_label=_("Any area"))
    topic = SlugChoiceField(label=_("Topic"), source=topics, empty_label=_("Any topic"))
