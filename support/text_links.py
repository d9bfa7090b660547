"""The short private link in a one-to-one text: on to the family's one-to-one page."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from events.language import family_language
from support.selectors import support_contact_for_text_token


@never_cache
def support_text_link(request, token):
    contact = support_contact_for_text_token(token)
    if contact is None:
        raise Http404("This link has expired or is not right")
    with translation.override(family_language(contact)):
        return redirect(reverse("support:manage", kwargs={"token": contact.manage_token}))
