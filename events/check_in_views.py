"""The public page where a family answers an anonymous check-in, from the link in their invitation.

It works without JavaScript, in the language of the address (the invitation links to
the family's own), is never cached or indexed, and its address is cut short in every
log (web/log_redaction.py). Nothing about the visitor is stored with the answer.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from events.check_in_forms import CheckInForm
from events.selectors.check_ins import check_in_invitation_for_token
from events.services.check_ins import CheckInRefused, check_in_answer_store
from web.ratelimit import rate_limit
from web.robots import noindex


@noindex
@never_cache
@rate_limit(scope="check_in")
def check_in_answer(request, token):
    invitation = check_in_invitation_for_token(token)
    refused = "used" if invitation is None else "expired" if invitation.expired else ""
    # Every question may be left unanswered, so an empty form is still an answer.
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if not refused and request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in ("lonely", "welcome", "service_used")}
        try:
            check_in_answer_store(token=token, **answers)
        except CheckInRefused as refusal:
            refused = refusal.code
        else:
            return render(request, "events/check_in/thanks.html")
    if refused:
        return render(request, "events/check_in/refused.html", {"refused": refused}, status=410)
    return render(request, "events/check_in/answer.html", {"form": form, "group": invitation.group})
