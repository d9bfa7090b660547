"""A family's own control over their private link: stop it working and get a new one.

For a family whose phone was lost, or whose emails someone else can read. The new
address is shown on the page they land on, never emailed: the email account may be
the thing that is no longer private.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from web.ratelimit import rate_limit

from .privacy import contact_for_manage_token, contact_private_links_revoke


@never_cache
@rate_limit(scope="booking")
def private_link_reset(request, token):
    contact = contact_for_manage_token(token)
    if contact is None:
        raise Http404("This link has expired or is not right")
    if request.method == "POST":
        contact = contact_private_links_revoke(contact=contact)
        messages.success(
            request,
            "Your old link no longer works, and neither does your old calendar address. "
            "This page has a new address: bookmark it or write it down.",
        )
        return redirect("events:booking_manage", token=contact.manage_token)
    return render(request, "events/privacy/link_reset.html", {"contact": contact, "token": token})
