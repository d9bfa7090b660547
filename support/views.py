"""The family's side of one-to-one sessions: ask for a free time, and the private page to follow it up.

Views select, validate with a form, call a service in support/services.py and show the
result; nothing here writes to the database. Every page works without JavaScript. The
private page acts only on the request of the contact its link belongs to: an id sent
with a form must be that request's, or nothing happens.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.language import in_family_language
from events.models import Contact
from events.services.places import BookingRefused
from home.models import SiteSettings
from support import services
from support.forms import SupportAskForm, SupportOtherTimeForm
from support.models import LIVE_REQUEST_STATUSES, SupportPage, SupportRequest, SupportRequestStatus, SupportSlot
from support.selectors import (
    support_contact_for_manage_token,
    support_request_for_contact,
    support_slot_is_free,
    support_slots_free,
)
from web.ratelimit import (
    RATE_LIMITED_MESSAGE,
    hit_count,
    link_rate_limit_exceeded,
    rate_limit_exceeded,
    rate_limited_response,
)
from web.robots import noindex

# Which form field a refusal from the service belongs beside; the rest go at the top of the form.
REFUSAL_FIELDS = {"first_name": "first_name", "contact": "email", "email": "email", "phone": "phone", "about": "about"}
# How many other free times a family is pointed to when the one they chose was taken.
OTHER_TIMES_SHOWN = 6


def _privacy_url(request) -> str:
    privacy_page = SiteSettings.for_request(request).privacy_page
    return privacy_page.get_url(request) if privacy_page and privacy_page.live else ""


def _slot_or_404(slot_id) -> tuple[SupportSlot, SupportPage]:
    """A slot of a programme whose one-to-one page anyone may see, with that page; 404 otherwise.

    A slot of an unpublished or private programme is not found, so that its times are
    not shown through this address either.
    """
    slot = SupportSlot.objects.select_related("area", "venue").filter(pk=slot_id).first()
    page = SupportPage.objects.live().public().child_of(slot.area).first() if slot is not None else None
    if page is None:
        raise Http404("No such time")
    return slot, page


def _ask_limited(request, slot) -> bool:
    """Per address, and per slot as well: a script spread over many addresses still meets one time's limit."""
    over_address = rate_limit_exceeded(request, scope="support_ask")
    per_slot = hit_count("support_ask:slot", str(slot.pk), period=settings.GATHER_FORM_RATE_PERIOD)
    return over_address or per_slot > settings.GATHER_FORM_RATE_LIMIT


@never_cache
def support_ask(request, slot_id):
    """Ask for one free time: the form, the refusal when the time was taken, or on to the private page."""
    slot, page = _slot_or_404(slot_id)
    form = SupportAskForm(
        request.POST if request.method == "POST" else None,
        phone_needed=slot.mode == SupportSlot.Mode.PHONE,
        privacy_url=_privacy_url(request),
    )
    taken = False
    if request.method == "POST":
        if _ask_limited(request, slot):
            form.is_valid()
            form.add_error(None, RATE_LIMITED_MESSAGE)
        elif form.is_valid():
            # The service decides whether the time is still free: the same form sent twice
            # finds the request it made the first time, though its time is no longer free.
            try:
                support_request = _request_create(slot, form.cleaned_data)
            except services.SlotNotFree:
                taken = True
            except (services.SupportRefused, BookingRefused) as refusal:
                form.add_error(REFUSAL_FIELDS.get(getattr(refusal, "code", None)), refusal)
            else:
                # On to their private page in the language they chose to be written to in.
                with translation.override(form.cleaned_data["language"]):
                    manage = reverse("support:manage", args=[support_request.contact.manage_token])
                return redirect(manage + "?asked=1")
    taken = taken or not support_slot_is_free(slot)
    return render(
        request,
        "support/ask.html",
        {
            "slot": slot,
            "support_page": page,
            "form": form,
            "taken": taken,
            "other_free": _other_free(slot) if taken else [],
        },
    )


def _request_create(slot, data) -> SupportRequest:
    return services.support_request_create(
        slot=slot,
        first_name=data["first_name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        texts_agreed=data.get("texts", False),
        language=data["language"],
        about=data.get("about", ""),
        request_key=data["request_key"],
    )


def _other_free(slot) -> list[SupportSlot]:
    return [other for other in support_slots_free(area=slot.area) if other.pk != slot.pk][:OTHER_TIMES_SHOWN]


def _contact_or_404(token) -> Contact:
    contact = support_contact_for_manage_token(token)
    if contact is None:
        raise Http404("This link has expired or is not right")
    return contact


# What the family may do with their request in each state; a page left open in another
# tab cannot act on a state that has passed.
ACTIONS = {
    "cancel": LIVE_REQUEST_STATUSES,
    "other_time": (SupportRequestStatus.ASKED,),
    "accept": (SupportRequestStatus.OFFERED,),
    "decline": (SupportRequestStatus.OFFERED,),
}


def _act(action: str, support_request: SupportRequest, wish: str) -> str:
    """Ask the service for the change; what to tell the family once it is made."""
    if action == "cancel":
        services.support_request_cancel(request=support_request)
        return _("Your session is cancelled. Thank you for letting us know. You are welcome to ask for a time again.")
    if action == "other_time":
        services.support_request_ask_other_time(request=support_request, wish=wish)
        return _("We have told the worker you would like another time. They will offer you one here, and let you know.")
    if action == "accept":
        services.support_offer_accept(request=support_request)
        return _("Thank you: the new time is yours. We have sent you the details.")
    services.support_offer_decline(request=support_request)
    return _("You said no to the new time. Your first time is still kept for you, and the worker will offer another.")


@noindex
@never_cache
@in_family_language
def support_manage(request, token):
    """The family's private page of their one-to-one request, with what they can do about it now."""
    contact = _contact_or_404(token)
    support_request = support_request_for_contact(contact)
    other_time_form = SupportOtherTimeForm()
    error = ""
    if request.method == "POST":
        if link_rate_limit_exceeded(request, scope="support", link=token):
            return rate_limited_response(request, period=settings.GATHER_FORM_RATE_PERIOD)
        action = request.POST.get("action", "")
        # Only this link's own request: an id of anyone else's is not found.
        if support_request is None or request.POST.get("request") != str(support_request.pk) or action not in ACTIONS:
            raise Http404("No such request")
        if support_request.status not in ACTIONS[action]:
            error = _("This has changed since the page was shown. Here it is as it is now.")
        elif action == "cancel" and request.POST.get("confirm") != "yes":
            return _page(request, "support/cancel_confirm.html", contact, token, support_request)
        else:
            wish = ""
            if action == "other_time":
                other_time_form = SupportOtherTimeForm(request.POST)
                wish = other_time_form.cleaned_data["wish"] if other_time_form.is_valid() else None
            if wish is not None:
                try:
                    done = _act(action, support_request, wish)
                except services.SupportRefused as refusal:
                    # Changed meanwhile (the worker withdrew the time, say): show it as it is now.
                    error = refusal.messages[0]
                    support_request = support_request_for_contact(contact)
                else:
                    messages.success(request, done)
                    return redirect("support:manage", token=token)
            support_request = support_request_for_contact(contact)
    return _page(
        request, "support/manage.html", contact, token, support_request, other_time_form=other_time_form, error=error
    )


def _page(request, template, contact, token, support_request, **extra):
    live = support_request is not None and support_request.status in LIVE_REQUEST_STATUSES
    # Once a request has ended, the way to ask again: the programme's free times.
    support_page = (
        SupportPage.objects.live().public().child_of(support_request.area).first()
        if support_request is not None and not live
        else None
    )
    return render(
        request,
        template,
        {
            "contact": contact,
            "token": token,
            "support_request": support_request,
            "live": live,
            "support_page": support_page,
            "just_asked": "asked" in request.GET,
            "manage_url": request.build_absolute_uri(reverse("support:manage", args=[token])),
            **extra,
        },
    )
