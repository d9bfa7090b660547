"""A family's ideas page, reached from their private link: suggest a topic, vote, take a vote back;
and booking, in one step, a workshop they chose.

Like the rest of the private pages it needs no account and no JavaScript, is never
cached, and acts only on what the link belongs to: the family's own groups and areas,
their own suggestions and votes. Limits count per link, so that the families at a
session, all on the hall's Wi-Fi, do not use up each other's allowance.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.language import in_family_language
from events.models.topics import LIVE_VOTES_PER_FAMILY, TopicSuggestion
from events.selectors.sessions import session_for_booking
from events.selectors.topics import family_open_topics, family_places, family_suggestions, household_live_votes
from events.services import bookings as booking_services
from events.services.places import BookingRefused
from events.services.topics import TopicRefused, topic_suggest, topic_vote_cast, topic_vote_withdraw
from events.topic_forms import TopicSuggestForm
from events.views import _contact_or_404
from web.ratelimit import RATE_LIMITED_MESSAGE, link_rate_limit_exceeded, rate_limit, rate_limited_response


def _limited(request, token) -> bool:
    return link_rate_limit_exceeded(request, scope="topics", link=token)


@never_cache
@in_family_language
def topics_family(request, token):
    contact = _contact_or_404(token)
    places = family_places(contact=contact)
    form = TopicSuggestForm(request.POST if request.method == "POST" else None, places=places)
    if request.method == "POST":
        if _limited(request, token):
            form.is_valid()
            form.add_error(None, RATE_LIMITED_MESSAGE)
        elif form.is_valid():
            try:
                topic_suggest(
                    contact=contact, places=places, place=form.cleaned_data["place"], title=form.cleaned_data["title"]
                )
            except TopicRefused as refusal:
                form.add_error("title" if refusal.code != "place" else "place", refusal)
            else:
                thanks = _("Thank you for your idea. A leader will look at it soon, and you will see it here.")
                messages.success(request, thanks)
                return redirect("events:topics_family", token=token)
    return render(
        request,
        "events/booking/topics.html",
        {
            "contact": contact,
            "token": token,
            "form": form,
            "places": places,
            "place_topics": family_open_topics(contact=contact, places=places),
            "suggestions": family_suggestions(contact=contact),
            "live_votes": household_live_votes(household_ref=contact.household_ref),
            "vote_limit": LIVE_VOTES_PER_FAMILY,
        },
    )


def _topic_or_404(topic_id) -> TopicSuggestion:
    topic = TopicSuggestion.objects.filter(pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    return topic


def _vote_change(request, token, topic_id, *, withdraw: bool):
    contact = _contact_or_404(token)
    topic = _topic_or_404(topic_id)
    if _limited(request, token):
        return rate_limited_response(request, period=settings.GATHER_FORM_RATE_PERIOD)
    # No honeypot here: a vote carries no text to spam with, and the per-link limit and
    # the three live votes per family bound what a script could do with a stolen link.
    if withdraw:
        if topic_vote_withdraw(contact=contact, topic=topic):
            messages.success(request, _("Your vote for “%(topic)s” is taken back.") % {"topic": topic.title})
    else:
        try:
            topic_vote_cast(contact=contact, places=family_places(contact=contact), topic=topic)
        except TopicRefused as refusal:
            messages.warning(request, refusal.message)
        else:
            messages.success(request, _("Thank you: you voted for “%(topic)s”.") % {"topic": topic.title})
    return redirect("events:topics_family", token=token)


@never_cache
@in_family_language
@require_POST
def topic_vote(request, token, topic_id):
    return _vote_change(request, token, topic_id, withdraw=False)


@never_cache
@in_family_language
@require_POST
def topic_vote_withdraw_view(request, token, topic_id):
    return _vote_change(request, token, topic_id, withdraw=True)


def _party_of_last_booking(contact) -> dict:
    """The family as it last booked; they can change it on their page afterwards."""
    latest = contact.bookings.order_by("-created_at", "-pk").first()
    if latest is None:
        return {"adults": 1, "children": 0}
    return {"adults": max(latest.adults, 1), "children": latest.children}


@never_cache
@in_family_language
@rate_limit(scope="booking")
def topic_workshop_book(request, token, session_id):
    """Book a workshop the family chose, in one step, with the details they gave before."""
    contact = _contact_or_404(token)
    session = session_for_booking(session_id=session_id)
    if session is None:
        raise Http404("No such session")
    party = _party_of_last_booking(contact)
    error = ""
    if request.method == "POST":
        try:
            outcome = booking_services.booking_create(
                session=session,
                first_name=contact.first_name,
                email=contact.email,
                phone=contact.phone,
                consent=True,
                request_key=_request_key(request.POST.get("request_key", "")),
                language=translation.get_language(),
                texts=contact.wants_texts,
                **party,
            )
        except BookingRefused as refusal:
            error = refusal.message
        else:
            return redirect(reverse("events:booking_manage", args=[outcome.contact.manage_token]) + "?booked=1")
    return render(
        request,
        "events/booking/workshop_book.html",
        {
            "contact": contact,
            "token": token,
            "session": session,
            "party": party,
            "error": error,
            "request_key": uuid.uuid4(),
        },
    )


def _request_key(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
