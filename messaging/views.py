"""The text provider's webhooks: what became of each text, and the replies that say STOP or START.

Twilio signs every request it makes with the account's auth token; a request
without a valid signature changes nothing and is refused. Twilio itself answers a
STOP or START reply (and keeps its own opt-out list), so the reply webhook only
records the choice and answers with empty TwiML. Nothing else a family texts is
kept: a reply is personal data and nobody here reads them.

Phone numbers arrive in the request (From, To) and are never logged, nor shown in
Django's error reports.
"""

import functools
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from .services import text_delivery_record, text_opt_out_set

logger = logging.getLogger(__name__)

# The words Twilio's own opt-out handling recognises, upper-cased.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _signed_by_twilio(request) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    # The address Twilio was given (BASE_URL and the path), not build_absolute_uri():
    # behind the proxy the scheme and host Django sees are not the ones Twilio signed.
    url = settings.BASE_URL.rstrip("/") + request.get_full_path()
    return RequestValidator(token).validate(url, request.POST, signature)


def twilio_webhook(view):
    """A POST from Twilio, signed with our auth token; anything else is refused."""

    @csrf_exempt
    @require_POST
    @sensitive_post_parameters("From", "To", "Body")
    @functools.wraps(view)
    def checked(request):
        if not _signed_by_twilio(request):
            logger.warning("A request to %s without a valid Twilio signature was refused.", request.path)
            return HttpResponseForbidden("This address is for Twilio only.", content_type="text/plain")
        return view(request)

    return checked


@twilio_webhook
def text_status(request):
    """A delivery report: MessageSid, MessageStatus and, when it failed, ErrorCode."""
    provider_id = request.POST.get("MessageSid", "")
    status = request.POST.get("MessageStatus", "")
    error_code = request.POST.get("ErrorCode", "")
    changed = text_delivery_record(
        provider_id=provider_id, status=status, error_code=error_code, number=request.POST.get("To", "")
    )
    if changed and error_code:
        logger.info("Text %s was not delivered (%s, error %s).", provider_id, status, error_code)
    return HttpResponse(status=204)


def _opt_out_choice(request) -> bool | None:
    """True for STOP, False for START, None for any other reply."""
    # Twilio's Advanced Opt-Out names the choice itself, whatever word or language was used.
    opt_out_type = request.POST.get("OptOutType", "").strip().upper()
    if opt_out_type in ("STOP", "START"):
        return opt_out_type == "STOP"
    word = request.POST.get("Body", "").strip().upper()
    if word in STOP_WORDS:
        return True
    if word in START_WORDS:
        return False
    return None


@twilio_webhook
def text_incoming(request):
    """A text a family sent to our number: From, Body and, from Advanced Opt-Out, OptOutType."""
    stopped = _opt_out_choice(request)
    number = request.POST.get("From", "").strip()
    if stopped is not None and number:
        text_opt_out_set(number=number, stopped=stopped, how="reply")
        logger.info("A family replied %s to a text.", "STOP" if stopped else "START")
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


__all__ = ["text_incoming", "text_status"]
