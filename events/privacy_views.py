"""A family's own control over their private link: stop it working and get a new one.

For a family whose phone was lost, or whose emails someone else can read. The new
address is shown on the page they land on, never emailed: the email account may be
the thing that is no longer private.

The reset acts on the contact the link belongs to. Only when the request carries the
proof from a link we emailed (events/services/privacy.py) does it also reset the other
contacts whose links were opened from that same mailbox.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from events.language import in_family_language
from events.selectors.privacy import contact_for_manage_token
from events.services.privacy import contact_email_prove, contact_private_links_revoke
from web.ratelimit import hit_count, rate_limit, rate_limited_response
from web.robots import noindex

from .contact_details import email_normalise

# New links per contact, and per email address or phone number, in NEW_LINK_PERIOD
# seconds. The address limit covers contacts someone made by typing that address.
NEW_LINKS_PER_CONTACT = 3
NEW_LINKS_PER_ADDRESS = 5
NEW_LINK_PERIOD = 60 * 60
NEW_LINK_LIMITED_MESSAGE = gettext_lazy(
    "A new link has been asked for several times in a short while. "
    "Please wait an hour and try again, or phone us and we will help."
)


def _new_link_limit_reached(contact) -> bool:
    address = email_normalise(contact.email) or contact.phone
    over_contact = hit_count("new_link_contact", str(contact.pk), period=NEW_LINK_PERIOD) > NEW_LINKS_PER_CONTACT
    over_address = hit_count("new_link_address", address, period=NEW_LINK_PERIOD) > NEW_LINKS_PER_ADDRESS
    return over_contact or over_address


@noindex
@never_cache
@in_family_language
@rate_limit(scope="booking")
def private_link_reset(request, token):
    contact = contact_for_manage_token(token)
    if contact is None:
        raise Http404("This link has expired or is not right")
    proof = request.GET.get("proof", "")
    if request.method == "POST":
        if _new_link_limit_reached(contact):
            return rate_limited_response(request, period=NEW_LINK_PERIOD, message=NEW_LINK_LIMITED_MESSAGE)
        address_proven = contact_email_prove(contact=contact, proof=proof)
        contact = contact_private_links_revoke(contact=contact, address_proven=address_proven)
        messages.success(
            request,
            _(
                "Your old link no longer works, and neither does your old calendar address. "
                "This page has a new address: bookmark it or write it down."
            ),
        )
        return redirect("events:booking_manage", token=contact.manage_token)
    return render(request, "events/privacy/link_reset.html", {"contact": contact, "token": token})
