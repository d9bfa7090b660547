"""The register of one session: who came, walk-ins and the headcount."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.admin.base import ServiceFormMixin, SessionObjectMixin
from events.admin.forms import (
    HeadcountForm,
    RegisterForm,
    WalkInForm,
)
from events.language import family_language, language_name
from events.models.schedules import BookingMode, SessionStatus
from events.recurrence import LOCAL_TZ
from events.selectors.staff import session_register
from events.services.register import register_mark, session_headcount_record, walk_in_add


class SessionRegisterView(ServiceFormMixin, SessionObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """A session at a glance: who is booked and waiting, the register to tick, walk-ins and headcount."""

    page_title = pgettext_lazy("a session's register", "Register")
    template_name = "events/admin/session_register.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.session)

    @cached_property
    def register_open(self) -> bool:
        return (
            self.session.status != SessionStatus.CANCELLED
            and self.session.start.astimezone(LOCAL_TZ).date() <= timezone.localdate()
        )

    def _forms(self, data=None, which=None):
        held = session_register(session=self.session)
        return held, {
            "register_form": RegisterForm(
                data if which == "register" else None, bookings=held["bookings"], prefix="register"
            ),
            "walk_in_form": WalkInForm(data if which == "walk_in" else None, prefix="walk_in"),
            "headcount_form": HeadcountForm(
                data if which == "headcount" else None,
                prefix="headcount",
                initial={"adults": self.session.headcount_adults, "children": self.session.headcount_children},
            ),
        }

    def get(self, request, *args, **kwargs):
        held, forms = self._forms()
        return self.render_to_response(self.get_context_data(held=held, **forms))

    def post(self, request, *args, **kwargs):
        which = request.POST.get("form")
        held, forms = self._forms(request.POST, which)
        form = forms.get(f"{which}_form")
        if form is not None and form.is_valid():
            message = self.service_run(form, lambda: self._save(which, form))
            if message is not None:
                messages.success(request, message)
                return redirect("events_session:register", pk=self.session.pk)
        return self.render_to_response(self.get_context_data(held=held, **forms))

    def _save(self, which, form):
        user = self.request.user
        if which == "register":
            for booking, status in form.marks():
                register_mark(booking=booking, status=status, by=user)
            return _("Register saved.")
        if which == "walk_in":
            walk_in_add(session=self.session, by=user, **form.cleaned_data)
            return _("Walk-in added.")
        session_headcount_record(session=self.session, by=user, **form.cleaned_data)
        return _("Headcount saved.")

    def get_context_data(self, **kwargs):
        now = timezone.now()
        register_form = kwargs.get("register_form")
        if register_form is not None:
            # Each family's language, so that the leader knows who may need an interpreter.
            kwargs["register_rows"] = [
                {
                    "booking": booking,
                    "field": register_form[f"booking_{booking.pk}"],
                    "language": language_name(family_language(booking)),
                }
                for booking in register_form.bookings
            ]
        held = kwargs.get("held")
        if held is not None:
            kwargs["waiting_rows"] = [
                {"entry": entry, "language": language_name(family_language(entry))} for entry in held["waiting_entries"]
            ]
        return super().get_context_data(
            register_open=self.register_open,
            is_drop_in=self.session.booking_mode == BookingMode.DROP_IN,
            can_change=self.session.status != SessionStatus.CANCELLED and self.session.start > now,
            **kwargs,
        )
