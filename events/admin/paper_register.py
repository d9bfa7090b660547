"""The register on paper, for halls with no signal: a sheet to print, and the sheet typed in afterwards."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.admin.base import RegisterAccessMixin, ServiceFormMixin
from events.admin.forms import WALK_IN_ROWS, PaperRegisterForm, WalkInRowFormSet
from events.models.schedules import BookingMode
from events.selectors.staff import session_register_sheet
from events.services.register import session_register_record


class SessionRegisterPrintView(RegisterAccessMixin, TemplateView):
    """A page of its own, without the admin around it, to print and take to the hall."""

    template_name = "events/admin/session_register_print.html"

    def get_context_data(self, **kwargs):
        sheet = session_register_sheet(session=self.session)
        return super().get_context_data(
            sheet=sheet,
            walk_in_rows=range(1, WALK_IN_ROWS + 1),
            is_drop_in=self.session.booking_mode == BookingMode.DROP_IN,
            **kwargs,
        )


class SessionRegisterPaperView(ServiceFormMixin, RegisterAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The paper register typed in at once: ticks, walk-in rows and the headcount, in one submit."""

    page_title = gettext_lazy("Type in the paper register")
    template_name = "events/admin/session_register_paper.html"

    def get_page_subtitle(self):
        return str(self.session)

    def _forms(self, data=None):
        sheet = session_register_sheet(session=self.session)
        form = PaperRegisterForm(
            data,
            bookings=sheet["bookings"],
            drop_in=self.session.booking_mode == BookingMode.DROP_IN,
            prefix="register",
            initial={
                "headcount_adults": self.session.headcount_adults,
                "headcount_children": self.session.headcount_children,
            },
        )
        return sheet, form, WalkInRowFormSet(data, prefix="walk_ins")

    def get(self, request, *args, **kwargs):
        sheet, form, walk_ins = self._forms()
        return self.render_to_response(self.get_context_data(sheet=sheet, form=form, walk_ins=walk_ins))

    def post(self, request, *args, **kwargs):
        sheet, form, walk_ins = self._forms(request.POST)
        # `&`, not `and`: both are checked, so that every mistake on the sheet is marked at once.
        if self.register_open and form.is_valid() & walk_ins.is_valid():
            saved = self.service_run(
                form,
                lambda: session_register_record(
                    session=self.session,
                    came=form.came(),
                    walk_ins=[row.people() for row in walk_ins if row.people()],
                    headcount=form.headcount(),
                    by=request.user,
                ),
            )
            if saved is not None:
                messages.success(request, _saved_message(saved))
                return redirect("events_session:register", pk=self.session.pk)
        messages.error(request, _("Nothing was saved. Please correct what is marked below and save again."))
        return self.render_to_response(self.get_context_data(sheet=sheet, form=form, walk_ins=walk_ins))

    def get_context_data(self, **kwargs):
        return super().get_context_data(register_open=self.register_open, **kwargs)


def _saved_message(saved: dict) -> str:
    parts = [
        ngettext("%(count)s family came", "%(count)s families came", saved["came"]) % {"count": saved["came"]},
        ngettext("%(count)s did not come", "%(count)s did not come", saved["did_not_come"])
        % {"count": saved["did_not_come"]},
        ngettext("%(count)s person walked in", "%(count)s people walked in", saved["walk_in"])
        % {"count": saved["walk_in"]},
    ]
    # Translators: e.g. "Register saved: 2 families came, 1 did not come, 3 people walked in."
    return _("Register saved: %(figures)s.") % {"figures": ", ".join(parts)}
