"""The worker's one-to-one admin: their times (slots) and the families' requests.

Only people who hold a one-to-one role (support.models.SupportRole) reach these views;
anyone else, whole-site staff and superusers included, is refused. Requests are found
only through support_requests_for(user), so a worker reaches their own and a safeguarding
lead those of their programme; any other number is not found.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from events.models import AreaPage
from support.admin.forms import MarkForm, NoteForm, OfferForm, SlotsAddForm
from support.models import LIVE_REQUEST_STATUSES, SupportRequest, SupportRole, SupportSlot
from support.selectors import (
    support_requests_for,
    support_role_holder,
    support_slots_for,
    worker_slots_free,
)
from support.services import (
    support_note_set,
    support_offer_time,
    support_request_mark,
    support_slot_withdraw,
    support_slots_create,
)

PER_PAGE = 30


class SupportMenuItem(MenuItem):
    """Shown only to people who hold a one-to-one role (the permission that comes with one
    first, so that everyone else's admin pages cost no query for it)."""

    def is_shown(self, request):
        user = request.user
        return user.has_perm("support.work_one_to_one") and support_role_holder(user)


class RoleHolderMixin(WagtailAdminTemplateMixin):
    section_label = gettext_lazy("One-to-one")

    def dispatch(self, request, *args, **kwargs):
        if not support_role_holder(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("support_admin:requests"), "label": _("One-to-one requests")},
            {"url": "", "label": self.page_title},
        ]


# Requests ------------------------------------------------------------------------------


class RequestsIndexView(RoleHolderMixin, TemplateView):
    page_title = gettext_lazy("One-to-one requests")
    template_name = "support/admin/requests_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "open")
        requests = support_requests_for(self.request.user).order_by("slot__starts_at", "pk")
        if show == "open":
            requests = requests.filter(status__in=LIVE_REQUEST_STATUSES)
        else:
            show = "all"
            requests = requests.order_by("-slot__starts_at", "-pk")
        page = Paginator(requests, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(page_obj=page, requests=page.object_list, show=show, **kwargs)


class RequestMixin(RoleHolderMixin):
    model = SupportRequest

    @cached_property
    def support_request(self):
        found = support_requests_for(self.request.user).select_related("contact").filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404("No one-to-one request of yours has this number")
        return found

    def detail_url(self):
        return reverse("support_admin:request", args=[self.support_request.pk])


class RequestDetailView(RequestMixin, TemplateView):
    page_title = gettext_lazy("One-to-one request")
    template_name = "support/admin/request_detail.html"

    def get_context_data(self, **kwargs):
        request = self.support_request
        free = worker_slots_free(worker=request.worker, area=request.area).exclude(pk=request.slot_id)
        context = {
            "support_request": request,
            "contact": request.contact,
            "live": request.status in LIVE_REQUEST_STATUSES,
            "started": request.slot.starts_at <= timezone.now(),
            "offer_form": OfferForm(slots=free) if request.status in LIVE_REQUEST_STATUSES else None,
            "mark_form": MarkForm(),
            "note_form": NoteForm(initial={"note": request.note}),
        }
        return super().get_context_data(**context, **kwargs)


class RequestActionView(RequestMixin, FormView):
    """A form on the request's page, posted here; GET shows the request page instead."""

    template_name = "support/admin/request_action.html"

    def get(self, request, *args, **kwargs):
        return redirect(self.detail_url())

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items()[:-1],
            {"url": self.detail_url(), "label": _("One-to-one request")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        try:
            message = self.act(form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(support_request=self.support_request, back_url=self.detail_url(), **kwargs)


class RequestOfferView(RequestActionView):
    page_title = gettext_lazy("Offer another time")
    form_class = OfferForm

    def get_form_kwargs(self):
        request = self.support_request
        free = worker_slots_free(worker=request.worker, area=request.area).exclude(pk=request.slot_id)
        return {**super().get_form_kwargs(), "slots": free}

    def act(self, data):
        support_offer_time(request=self.support_request, slot=data["slot"], by=self.request.user)
        return _("The time is offered. The family can accept or decline it from their private link.")


class RequestMarkView(RequestActionView):
    page_title = gettext_lazy("Did the session take place?")
    form_class = MarkForm

    def act(self, data):
        request = support_request_mark(request=self.support_request, held=data["held"], by=self.request.user)
        return _("Marked: %(status)s.") % {"status": request.get_status_display()}


class RequestNoteView(RequestActionView):
    page_title = gettext_lazy("Short note")
    form_class = NoteForm

    def act(self, data):
        support_note_set(request=self.support_request, note=data["note"], by=self.request.user)
        return _("The note is saved.")


# Slots ----------------------------------------------------------------------------------


class SlotsIndexView(RoleHolderMixin, TemplateView):
    page_title = gettext_lazy("One-to-one times")
    template_name = "support/admin/slots_index.html"

    def get_context_data(self, **kwargs):
        slots = (
            support_slots_for(self.request.user)
            .filter(ends_at__gt=timezone.now(), withdrawn_at__isnull=True)
            .order_by("starts_at", "pk")
        )
        page = Paginator(slots, PER_PAGE).get_page(self.request.GET.get("p"))
        held = set(
            support_requests_for(self.request.user)
            .filter(slot__in=[slot.pk for slot in page.object_list], status__in=LIVE_REQUEST_STATUSES)
            .values_list("slot_id", flat=True)
        )
        rows = [{"slot": slot, "held": slot.pk in held} for slot in page.object_list]
        return super().get_context_data(page_obj=page, rows=rows, **kwargs)


def areas_worked_by(user):
    """The programmes `user` holds a one-to-one role in: where they may add their own times."""
    return AreaPage.objects.filter(pk__in=SupportRole.objects.filter(user=user).values("area")).order_by("title")


class SlotsAddView(RoleHolderMixin, FormView):
    page_title = gettext_lazy("Add one-to-one times")
    template_name = "support/admin/slots_add.html"
    form_class = SlotsAddForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": areas_worked_by(self.request.user)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            slots = support_slots_create(
                area=data["area"],
                worker=self.request.user,
                first_start=data["first_start"],
                length_minutes=data["length_minutes"],
                mode=data["mode"],
                venue=data["venue"],
                repeat_weeks=data["repeat_weeks"],
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("%(count)d time added.", "%(count)d times added.", len(slots)) % {"count": len(slots)},
        )
        return redirect("support_admin:slots")


class SlotWithdrawView(RoleHolderMixin, TemplateView):
    """Asks first, on a page of its own (works without JavaScript); a family holding the time is told."""

    model = SupportSlot
    page_title = gettext_lazy("Withdraw a time")
    template_name = "support/admin/slot_withdraw.html"

    @cached_property
    def slot(self):
        slot = support_slots_for(self.request.user).filter(pk=self.kwargs["pk"], withdrawn_at__isnull=True).first()
        if slot is None:
            raise Http404("No time of yours has this number")
        return slot

    def get_context_data(self, **kwargs):
        held = support_requests_for(self.request.user).filter(slot=self.slot, status__in=LIVE_REQUEST_STATUSES)
        return super().get_context_data(slot=self.slot, held=held.exists(), **kwargs)

    def post(self, request, *args, **kwargs):
        support_slot_withdraw(slot=self.slot, by=request.user)
        messages.success(request, _("The time is withdrawn. A family who had asked for it is told."))
        return redirect("support_admin:slots")


class SupportWorkViewSet(ViewSet):
    """The worker's pages under /admin/one-to-one/, their menu item shown to role holders only."""

    name = "support_admin"
    url_prefix = "one-to-one"
    icon = "user"
    menu_label = gettext_lazy("One-to-one")
    menu_order = 270
    add_to_admin_menu = True
    menu_item_class = SupportMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(header_icon=self.icon, **kwargs)

    def get_urlpatterns(self):
        # The first pattern is the menu item's address (ViewSet.menu_url).
        return [
            path("", self.construct_view(RequestsIndexView), name="requests"),
            path("requests/<int:pk>/", self.construct_view(RequestDetailView), name="request"),
            path("requests/<int:pk>/offer/", self.construct_view(RequestOfferView), name="request_offer"),
            path("requests/<int:pk>/mark/", self.construct_view(RequestMarkView), name="request_mark"),
            path("requests/<int:pk>/note/", self.construct_view(RequestNoteView), name="request_note"),
            path("times/", self.construct_view(SlotsIndexView), name="slots"),
            path("times/add/", self.construct_view(SlotsAddView), name="slot_add"),
            path("times/<int:pk>/withdraw/", self.construct_view(SlotWithdrawView), name="slot_withdraw"),
        ]


__all__ = ["SupportWorkViewSet"]
