"""Admin panels for the booking domain."""

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
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


class ScheduleChangesPanel(FieldPanel):
    """The sessions families booked that an edited schedule would cancel or change, and the box that confirms it.

    Shown only once saving has found such sessions (events.page_forms.SchedulePageForm),
    so the box starts unticked and appears next to the list it confirms.
    """

    def __init__(self, field_name="schedule_changes_confirmed", **kwargs):
        kwargs.setdefault("heading", _("Sessions families have booked"))
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "events/admin/schedule_changes_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.bound_field is not None:
                # Wagtail gives the box the section's heading; it keeps its own words, which say what it confirms.
                self.bound_field.label = self.bound_field.field.label

        def is_shown(self):
            return bool(getattr(self.form, "schedule_changes", None)) and super().is_shown()

        def get_context_data(self, parent_context=None):
            from events.page_forms import change_described

            context = super().get_context_data(parent_context)
            context["changes"] = [change_described(change) for change in self.form.schedule_changes]
            return context
