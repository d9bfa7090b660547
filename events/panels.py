"""Admin panels for the booking domain."""

from django.utils.module_loading import import_string
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model


class ChildFormInlinePanel(InlinePanel):
    """An InlinePanel whose child forms use the child model's `base_form_class`.

    Wagtail builds InlinePanel child forms from WagtailAdminModelForm alone
    (wagtail/wagtail#3175), so a child model cannot add form fields that are not
    model fields. Schedules need that: staff pick "every 2 weeks on Tuesday" and the
    form turns it into a recurrence rule. `base_form_class` may be a dotted path, to
    keep the models module free of form imports.
    """

    def get_form_options(self):
        options = super().get_form_options()
        model = self.db_field.related_model
        form_class = getattr(model, "base_form_class", None)
        if form_class is None:
            return options
        if isinstance(form_class, str):
            form_class = import_string(form_class)
        child_options = self.child_edit_handler.get_form_options()
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            model,
            form_class=form_class,
            fields=child_options.get("fields", []),
            widgets=child_options.get("widgets", {}),
            defer_required_on_fields=child_options.get("defer_required_on_fields", []),
        )
        return options
