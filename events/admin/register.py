"""The register of one session: who came, walk-ins and the headcount, and who was told what."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.admin.base import RegisterAccessMixin, ServiceFormMixin, session_can_be_messaged
from events.admin.forms import (
    HeadcountForm,
    RegisterForm,
    WalkInForm,
)
from events.language import family_language, language_name
from events.models.bookings import Booking
from events.models.messages import family_message_label
from events.models.notices import SessionNotice
from events.models.schedules import BookingMode, SessionStatus
from events.selectors.staff import session_register
from events.services.register import register_mark, session_headcount_record, walk_in_add
from messaging.channels.text import TEXT
from messaging.models import DeliveryStatus, MessageStatus


def _how(message) -> str:
    if message.channel == TEXT:
        return pgettext("how a family was told", "by text")
    return pgettext("how a family was told", "by email")


def _state(message) -> str:
    """What became of one message, in words for staff."""
    if message.channel == TEXT and message.delivery_status == DeliveryStatus.UNDELIVERED:
        if message.delivery_error:
            return _("not delivered (%(reason)s)") % {"reason": message.delivery_error}
        return _("not delivered")
    if message.channel == TEXT and message.delivery_status == DeliveryStatus.DELIVERED:
        return pgettext("a message", "delivered")
    if message.status == MessageStatus.SKIPPED:
        # The outbox's own reason, e.g. "the number replied STOP".
        return _("not sent (%(reason)s)") % {"reason": message.last_error} if message.last_error else _("not sent")
    return {
        MessageStatus.PENDING: pgettext("a message", "waiting to be sent"),
        MessageStatus.SENT: pgettext("a message", "sent"),
        MessageStatus.FAILED: pgettext("a message", "failed"),
    }.get(message.status, message.status)


def _not_delivered(message) -> str:
    kind = family_message_label(message.kind)
    if message.delivery_status == DeliveryStatus.UNDELIVERED:
        return _("The text “%(kind)s” was not delivered (%(reason)s). Please ring them.") % {
            "kind": kind,
            "reason": message.delivery_error or _("no reason given"),
        }
    return _("The text “%(kind)s” could not be sent. Please ring them.") % {"kind": kind}


def messages_told(*, bookings, notices, messages) -> dict[int, dict]:
    """For each booking: how the family was told each of the leader's messages, and which texts did not arrive.

    {booking id: {"told": [{"notice": …, "ways": ["by email: sent", …]}, …], "not_delivered": [str, …]}};
    bookings with no family behind them (walk-ins, details removed) have no entry.
    """
    notice_type = ContentType.objects.get_for_model(SessionNotice).pk
    booking_type = ContentType.objects.get_for_model(Booking).pk
    by_contact = defaultdict(list)
    for message in messages:
        by_contact[message.recipient_id].append(message)
    told = {}
    for booking in bookings:
        if booking.contact_id is None:
            continue
        mine = by_contact[booking.contact_id]
        told[booking.pk] = {
            "told": [
                {
                    "notice": notice,
                    "ways": [
                        f"{_how(message)}: {_state(message)}"
                        for message in mine
                        if message.about_type_id == notice_type and message.about_id == notice.pk
                    ],
                }
                for notice in notices
                if notice.created_at >= booking.created_at
                or any(message.about_type_id == notice_type and message.about_id == notice.pk for message in mine)
            ],
            "not_delivered": [
                _not_delivered(message)
                for message in mine
                if message.about_type_id == booking_type and message.about_id == booking.pk
            ],
        }
    return told


class SessionRegisterView(ServiceFormMixin, RegisterAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """A session at a glance: who is booked and waiting, the register to tick, walk-ins and headcount."""

    page_title = pgettext_lazy("a session's register", "Register")
    template_name = "events/admin/session_register.html"

    def get_page_subtitle(self):
        return str(self.session)

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
        held = kwargs.get("held")
        if register_form is not None:
            told = messages_told(bookings=held["bookings"], notices=held["notices"], messages=held["messages"])
            # Each family's language, so that the leader knows who may need an interpreter.
            kwargs["register_rows"] = [
                {
                    "booking": booking,
                    "field": register_form[f"booking_{booking.pk}"],
                    "language": language_name(family_language(booking)),
                    "told": told.get(booking.pk),
                }
                for booking in register_form.bookings
            ]
            kwargs["has_not_delivered"] = any(
                row["told"] and row["told"]["not_delivered"] for row in kwargs["register_rows"]
            )
        if held is not None:
            kwargs["waiting_rows"] = [
                {"entry": entry, "language": language_name(family_language(entry))} for entry in held["waiting_entries"]
            ]
        return super().get_context_data(
            register_open=self.register_open,
            is_drop_in=self.session.booking_mode == BookingMode.DROP_IN,
            can_change=self.session.status != SessionStatus.CANCELLED and self.session.start > now,
            can_message=session_can_be_messaged(self.session),
            **kwargs,
        )
