"""Public booking pages: book a session, join its waiting list, and the family's private link.

Views select, validate with a form, call a service and show the result. Nothing here
writes to the database directly. Every page works without JavaScript.
"""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from events.language import in_family_language, manage_path
from events.models.bookings import BookingStatus, WaitingStatus
from events.selectors.bookings import bookings_in_runs, contact_bookings, contact_run_bookings
from events.selectors.privacy import contact_for_manage_token, contact_for_text_token
from events.selectors.sessions import session_for_booking, session_run, sessions_with_room_after
from events.selectors.topics import family_suggestions
from events.services import bookings as booking_services
from events.services import contacts as contact_services
from events.services import waiting_list as waiting_services
from events.services.places import BookingRefused, session_refusal
from events.services.privacy import contact_email_prove
from home.models import SiteSettings
from messaging.selectors import text_number_stopped
from web.ratelimit import rate_limit
from web.robots import noindex

from .contact_details import phone_display
from .forms import BookingChangeForm, BookingForm, ContactChannelsForm, timezone_local_day

# Which form field a refusal belongs beside; the rest go at the top of the form.
REFUSAL_FIELDS = {
    "consent": "consent",
    "first_name": "first_name",
    "contact": "email",
    "email": "email",
    "phone": "phone",
    "adults": "adults",
    "children": "children",
    "creche_children": "creche_children",
    "children_ages": "children_ages",
}


def _privacy_url(request) -> str:
    privacy_page = SiteSettings.for_request(request).privacy_page
    return privacy_page.get_url(request) if privacy_page and privacy_page.live else ""


def _session_state(session, now) -> str:
    """What the booking page offers: book, wait, drop_in, cancelled or past."""
    refusal = session_refusal(session, now=now)
    if refusal is not None:
        return refusal.code
    # A full creche still leaves room for families who keep their children with them.
    return "book" if session.adult_places_left > 0 else "wait"


def _booking_form(request, session, run, data=None, *, waiting=False):
    """The form; one that was sent gets its privacy link only if it is shown again (see privacy_url_set)."""
    return BookingForm(
        data,
        has_creche=session.creche_places > 0,
        run_dates=[s.start for s in run] if len(run) > 1 else None,
        privacy_url=None if data is not None else _privacy_url(request),
        waiting=waiting,
    )


@never_cache
@rate_limit(scope="booking")
def session_detail(request, session_id):
    """A session's booking page: the booking form, the waiting-list form, or why neither applies.

    Only sessions of pages anyone may see are found, for a booking sent too: a
    refusal would show the dates of a group that is private or unpublished.
    """
    session = _session_or_404(session_id)
    now = timezone.now()
    run = session_run(session=session, now=now) if session.start > now else [session]
    state = _session_state(session, now)
    offer_waiting_list = state == "wait"
    # A full session's form joins one waiting list: "book every session of this run" has no place there.
    offered_run = run if state == "book" else [session]
    form = _booking_form(
        request, session, offered_run, data=request.POST if request.method == "POST" else None, waiting=state == "wait"
    )

    if request.method == "POST" and form.is_valid():
        joining = request.POST.get("action") == "wait"
        try:
            if joining:
                return _waiting_join(request, session, form.cleaned_data)
            return _booking_create(request, session, form.cleaned_data)
        except BookingRefused as refusal:
            form.add_error(REFUSAL_FIELDS.get(refusal.code), refusal)
            if refusal.code == "full":
                offer_waiting_list = True
            elif refusal.code == "has_room":
                offer_waiting_list = False
            # Show the page as it is now, not as it was when the form was first shown.
            session = _session_or_404(session_id)
            state = _session_state(session, timezone.now())
    if form.is_bound:
        form.privacy_url_set(_privacy_url(request))
    return render(
        request,
        "events/booking/session_detail.html",
        {
            "session": session,
            "state": state,
            "form": form,
            "offer_waiting_list": offer_waiting_list,
            "run": run,
            # A full session points to the group's next dates with room.
            "later_with_room": sessions_with_room_after(session=session) if offer_waiting_list else [],
        },
    )


def _session_or_404(session_id):
    session = session_for_booking(session_id=session_id)
    if session is None:
        raise Http404("No such session")
    return session


def _family_details(data) -> dict:
    return {
        "first_name": data["first_name"],
        "email": data.get("email", ""),
        "phone": data.get("phone", ""),
        "adults": data["adults"],
        "children": data["children"],
        "creche_children": data.get("creche_children") or 0,
        "children_ages": data.get("children_ages", ""),
        "access_needs": data.get("access_needs", ""),
        "consent": data["consent"],
        "request_key": data["request_key"],
        "texts": data.get("texts", False),
    }


def _booking_create(request, session, data):
    outcome = booking_services.booking_create(
        session=session,
        whole_run=data.get("whole_run", False),
        language=translation.get_language(),
        **_family_details(data),
    )
    if outcome.full_sessions:
        dates = ", ".join(timezone_local_day(s.start) for s in outcome.full_sessions)
        messages.warning(
            request,
            ngettext(
                "This date was full, so we could not book it: %(dates)s.",
                "These dates were full, so we could not book them: %(dates)s.",
                len(outcome.full_sessions),
            )
            % {"dates": dates},
        )
    return redirect(reverse("events:booking_manage", args=[outcome.contact.manage_token]) + "?booked=1")


def _waiting_join(request, session, data):
    outcome = waiting_services.waiting_join(
        session=session, language=translation.get_language(), **_family_details(data)
    )
    return redirect(reverse("events:booking_manage", args=[outcome.contact.manage_token]) + "?waiting=1")


def _contact_or_404(token):
    contact = contact_for_manage_token(token)
    if contact is None:
        raise Http404("This link has expired or is not right")
    return contact


@noindex
@never_cache
@in_family_language
def booking_manage(request, token):
    """A family's private page: their bookings and waiting-list places, with links to change them."""
    contact = _contact_or_404(token)
    # Only links we emailed carry the proof; this page is also shown to whoever sent the form.
    proof = request.GET.get("proof", "")
    address_proven = contact_email_prove(contact=contact, proof=proof)
    now = timezone.now()
    held = contact_bookings(contact=contact)
    bookings = held["bookings"]
    return render(
        request,
        "events/booking/manage.html",
        {
            "contact": contact,
            "token": token,
            "upcoming": bookings_in_runs(
                [b for b in bookings if b.session.end > now and b.status != BookingStatus.CANCELLED]
            ),
            "earlier": [b for b in bookings if b.session.end <= now or b.status == BookingStatus.CANCELLED],
            "waiting_entries": [
                entry
                for entry in held["waiting_entries"]
                if entry.status == WaitingStatus.WAITING and entry.session.end > now
            ],
            "just_booked": "booked" in request.GET,
            "just_joined": "waiting" in request.GET,
            "now": now,
            "manage_url": request.build_absolute_uri(reverse("events:booking_manage", args=[token])),
            "proof": proof if address_proven else "",
            "reset_url": _private_link_reset_url(token, proof if address_proven else ""),
            "suggestions": family_suggestions(contact=contact),
        },
    )


@noindex
@never_cache
@in_family_language
@rate_limit(scope="booking")
def contact_channels(request, token):
    """How the family hears from us: their email, their phone and whether we text them."""
    contact = _contact_or_404(token)
    stopped = bool(contact.phone) and text_number_stopped(contact.phone)
    initial = {
        "email": contact.email,
        "phone": phone_display(contact.phone),
        "texts": contact.wants_texts and not stopped,
    }
    form = ContactChannelsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.contact_channels_update(contact=contact, **form.cleaned_data)
        except BookingRefused as refusal:
            form.add_error(REFUSAL_FIELDS.get(refusal.code), refusal)
        else:
            messages.success(request, _("Thank you: we will reach you this way from now on."))
            return redirect("events:booking_manage", token=token)
    return render(
        request,
        "events/booking/contact_channels.html",
        {"contact": contact, "token": token, "form": form, "stopped": stopped},
    )


@noindex
@never_cache
def text_link(request, token):
    """The short private link in a text (/t/<token>): on to the family's page, in their language."""
    contact = contact_for_text_token(token)
    if contact is None:
        raise Http404("This link has expired or is not right")
    return redirect(manage_path(contact))


def _private_link_reset_url(token: str, proof: str) -> str:
    """Where a family asks for a new link; the proof goes along so that the reset covers their mailbox."""
    url = reverse("events:private_link_reset", args=[token])
    return f"{url}?proof={quote(proof, safe='/')}" if proof else url


def _changeable_booking(contact, booking_id):
    booking = get_object_or_404(
        contact.bookings.select_related("session__page", "session__venue", "session__moved_from_venue"),
        pk=booking_id,
        status=BookingStatus.CONFIRMED,
    )
    return booking


@noindex
@never_cache
@in_family_language
@rate_limit(scope="booking")
def booking_change(request, token, booking_id):
    contact = _contact_or_404(token)
    booking = _changeable_booking(contact, booking_id)
    initial = {
        "adults": booking.adults,
        "children": booking.children,
        "creche_children": booking.creche_children,
        "children_ages": booking.children_ages,
        "access_needs": booking.access_needs,
    }
    has_creche = booking.session.creche_places > 0 or booking.creche_children > 0
    form = BookingChangeForm(request.POST or None, initial=initial, has_creche=has_creche)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking_services.booking_update(
                booking=booking,
                adults=data["adults"],
                children=data["children"],
                creche_children=data.get("creche_children") or 0,
                children_ages=data.get("children_ages", ""),
                access_needs=data.get("access_needs", ""),
            )
        except BookingRefused as refusal:
            form.add_error(REFUSAL_FIELDS.get(refusal.code), refusal)
        else:
            if contact.email:
                changed = _("Your booking is changed. We have sent you an email to confirm.")
            elif contact.wants_texts:
                changed = _("Your booking is changed. We have sent you a text to confirm.")
            else:
                changed = _("Your booking is changed.")
            messages.success(request, changed)
            return redirect("events:booking_manage", token=token)
    return render(
        request,
        "events/booking/booking_change.html",
        {"contact": contact, "token": token, "booking": booking, "form": form},
    )


@noindex
@never_cache
@in_family_language
def booking_cancel(request, token, booking_id):
    contact = _contact_or_404(token)
    booking = _changeable_booking(contact, booking_id)
    error = ""
    if request.method == "POST":
        try:
            booking_services.booking_cancel(booking=booking)
        except BookingRefused as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Your booking is cancelled. Thank you for letting us know."))
            return redirect("events:booking_manage", token=token)
    return render(
        request,
        "events/booking/booking_cancel.html",
        {"contact": contact, "token": token, "booking": booking, "error": error},
    )


@noindex
@never_cache
@in_family_language
def booking_run_cancel(request, token, schedule_id):
    """Cancel every date of a run still to come, after the family has seen the dates on a page of their own."""
    contact = _contact_or_404(token)
    bookings = contact_run_bookings(contact=contact, schedule_id=schedule_id)
    if not bookings:
        raise Http404("No bookings of this run to cancel")
    if request.method == "POST":
        cancelled = booking_services.booking_run_cancel(contact=contact, schedule_id=schedule_id)
        if len(cancelled) == 1:
            done = _("Your booking is cancelled. Thank you for letting us know.")
        else:
            done = ngettext(
                "Your %(count)s booking is cancelled. Thank you for letting us know.",
                "Your %(count)s bookings are cancelled. Thank you for letting us know.",
                len(cancelled),
            ) % {"count": len(cancelled)}
        messages.success(request, done)
        return redirect("events:booking_manage", token=token)
    return render(
        request,
        "events/booking/run_cancel.html",
        {"contact": contact, "token": token, "bookings": bookings, "session": bookings[0].session},
    )


@noindex
@never_cache
@in_family_language
def waiting_leave(request, token, entry_id):
    contact = _contact_or_404(token)
    entry = get_object_or_404(
        contact.waiting_entries.select_related("session__page"), pk=entry_id, status=WaitingStatus.WAITING
    )
    if request.method == "POST":
        waiting_services.waiting_leave(entry=entry)
        messages.success(request, _("You have left the waiting list."))
        return redirect("events:booking_manage", token=token)
    return render(request, "events/booking/waiting_leave.html", {"contact": contact, "token": token, "entry": entry})
