"""What one-to-one support adds to events' privacy and reports, through the hooks events calls.

- The family's export (from their private link, `viewer` None) holds all their requests:
  time, how, status, their own words, and the worker's note. The note is written about
  them, so under data-protection law it is their personal data and theirs to see.
- A staff export or the "family's data" page (`viewer` a user) holds only what that user
  may see through support_requests_for: the assigned worker and the programme's lead
  see the request; anyone else, whole-site staff included, does not learn one exists.
- Erasure and the purge keep held sessions as anonymous rows, for the funder report's
  count, and remove every other request (support.services).
"""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from events.models import AreaPage
from home.permissions import pages_editable_by, user_edits_whole_site
from support.models import SupportRequest, SupportSlot
from support.selectors import support_requests_for, support_sessions_held_per_area
from support.services import support_requests_erase, support_requests_purge


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _visible(contacts, viewer):
    requests = SupportRequest.objects.filter(contact__in=contacts)
    if viewer is not None:
        requests = support_requests_for(viewer).filter(contact__in=contacts)
    return requests.select_related("slot", "slot__venue", "area").order_by("created_at", "pk")


def contact_privacy_export(contacts, viewer=None) -> dict:
    """The "one_to_one_requests" section of a family's export."""
    return {
        "one_to_one_requests": [
            {
                "programme": request.area.title,
                "starts": _iso(request.slot.starts_at),
                "ends": _iso(request.slot.ends_at),
                "how": str(request.slot.get_mode_display()),
                "venue": f"{request.slot.venue.name}, {request.slot.venue.postcode}" if request.slot.venue else None,
                "status": str(request.get_status_display()),
                "language": request.language,
                "what_you_would_like_help_with": request.about,
                "another_time_wished": request.other_time_wish,
                "worker_note": request.note,
                "asked_at": _iso(request.created_at),
                "last_changed_at": _iso(request.updated_at),
            }
            for request in _visible(contacts, viewer)
        ]
    }


def contact_privacy_field_names() -> dict:
    return {
        "one_to_one_requests": gettext_lazy("One-to-one sessions you asked for"),
        "programme": gettext_lazy("Programme"),
        "how": gettext_lazy("In person, by phone or by video"),
        "what_you_would_like_help_with": gettext_lazy("What you said you would like help with"),
        "another_time_wished": gettext_lazy("The other time you asked for"),
        "worker_note": gettext_lazy("The worker's note"),
        "asked_at": gettext_lazy("When you asked"),
    }


def contact_privacy_erase(contact_ids) -> dict:
    return support_requests_erase(contact_ids)


def personal_data_purge(now) -> dict:
    return support_requests_purge(now=now)


def family_data_sections(request, contacts) -> list[str]:
    """On the staff "family's data" page: that a one-to-one request exists, only for those who may see it."""
    requests = list(_visible(contacts, request.user))
    if not requests:
        return []
    return [render_to_string("support/admin/family_data_section.html", {"requests": requests}, request=request)]


def family_data_visible(user, contacts) -> bool:
    """For a family known only through one-to-one requests: whether `user` may see one of them."""
    return support_requests_for(user).filter(contact__in=contacts).exists()


def _areas_reported_to(user, page_ids) -> QuerySet:
    """The programmes (areas, in the site's language) a funder report for `user` covers.

    With a grant, the areas of the pages it funds; else the areas of the pages the user
    may edit: an area above a page of theirs, or below one (staff edit the whole tree).
    One query with the counts (support_sessions_held_per_area), whatever the pages.
    """
    # Only programmes that offer one-to-one sessions at all: no row of noughts for the others.
    areas = AreaPage.objects.filter(
        Exists(SupportSlot.objects.filter(area__translation_key=OuterRef("translation_key"))),
        locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE),
    )
    if page_ids is None and user_edits_whole_site(user):
        return areas
    pages = Page.objects.filter(pk__in=page_ids if page_ids is not None else pages_editable_by(user))
    above_or_below = pages.filter(Q(StartsWith(OuterRef("path"), F("path"))) | Q(path__startswith=OuterRef("path")))
    return areas.filter(Exists(above_or_below))


def funder_report_extra_rows(*, user, first, last, page_ids=None) -> list[dict]:
    """One row per programme: one-to-one sessions held in the period. Counts only, never who or what about."""
    areas = support_sessions_held_per_area(areas=_areas_reported_to(user, page_ids), first=first, last=last)
    return [
        {"level": _("One-to-one sessions held"), "name": area.title, "sessions_held": area.support_sessions_held}
        for area in areas
    ]
