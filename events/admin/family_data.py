"""Staff views to hand over or erase everything held about one family.

Reached from the bookings listing ("Family's data"). The family is the contact's
privacy unit as recorded proofs give it (events/services/privacy.py): the contact itself, and
other contacts with the same email address only where that address was proven by
opening links emailed to it. An address or phone number someone merely typed never
brings another family's details onto this page.

Only someone who may see every booking the unit made can use them: staff who run the
whole site, or a leader or coordinator whose groups are the only ones it booked with.
Anyone else is refused, so a leader never learns about a family's bookings with
another group.

Apps above events add what they hold through hooks: "family_data_sections"(request,
contacts) gives HTML sections for this page (only what the user may see), and
"family_data_visible"(user, contacts) decides for a family known here only through such
an app (a one-to-one request: only its worker and the programme's lead may see that it
exists, whole-site staff included).
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import View
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.models import Booking, Contact, WaitingEntry
from events.selectors.privacy import address_proven_on_record, privacy_unit
from events.services.privacy import contact_erase, contact_export, contact_private_links_revoke
from home.permissions import pages_editable_by, user_edits_whole_site


def contact_visible_to(user, contact: Contact) -> bool:
    """True when `user` may see every booking and waiting place of `contact`'s family."""
    if not user.is_active:
        return False
    contacts = privacy_unit(contact, address_proven=address_proven_on_record(contact))
    pages = set(Booking.objects.filter(contact__in=contacts).values_list("session__page_id", flat=True)) | set(
        WaitingEntry.objects.filter(contact__in=contacts).values_list("session__page_id", flat=True)
    )
    if not pages:
        # Known here only through another app (a one-to-one request): that app says who may see
        # the family, and whole-site staff are not asked first, since the page would tell them.
        return any(fn(user, list(contacts)) for fn in hooks.get_hooks("family_data_visible"))
    if user_edits_whole_site(user):
        return True
    return pages <= set(pages_editable_by(user).values_list("pk", flat=True))


def _contact_or_refuse(request, contact_id) -> Contact:
    contact = get_object_or_404(Contact, pk=contact_id)
    if not contact_visible_to(request.user, contact):
        raise PermissionDenied
    return contact


def _bookings_listing_url():
    try:
        return reverse("events_booking:index")
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


class ContactPrivacyView(WagtailAdminTemplateMixin, View):
    template_name = "events/privacy/contact.html"
    page_title = gettext_lazy("A family's data")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": _bookings_listing_url(), "label": _("Bookings")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, contact_id):
        self.contact = _contact_or_refuse(request, contact_id)
        address_proven = address_proven_on_record(self.contact)
        data = contact_export(contact=self.contact, address_proven=address_proven, viewer=request.user)
        contacts = list(privacy_unit(self.contact, address_proven=address_proven))
        sections = [section for fn in hooks.get_hooks("family_data_sections") for section in fn(request, contacts)]
        return self.render_to_response(self.get_context_data(data=data, contact=self.contact, sections=sections))

    def post(self, request, contact_id):
        contact = _contact_or_refuse(request, contact_id)
        action = request.POST.get("action")
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                messages.error(request, _("Tick the box to confirm that you want to erase this family's details."))
                return redirect("events_privacy:contact", contact_id=contact.pk)
            counts = contact_erase(contact=contact, by=request.user, address_proven=address_proven_on_record(contact))
            messages.success(
                request,
                ngettext(
                    "The family's details are erased. %(count)d booking is kept as an anonymous count.",
                    "The family's details are erased. %(count)d bookings are kept as anonymous counts.",
                    counts["bookings"],
                )
                % {"count": counts["bookings"]},
            )
            return redirect(_bookings_listing_url())
        if action == "revoke_links":
            contact_private_links_revoke(contact=contact, address_proven=address_proven_on_record(contact))
            messages.success(request, _("Their private booking links and calendar address no longer work."))
            return redirect("events_privacy:contact", contact_id=contact.pk)
        messages.error(request, _("Choose what to do: download, stop the private links, or erase."))
        return redirect("events_privacy:contact", contact_id=contact.pk)


class ContactExportView(View):
    def get(self, request, contact_id):
        contact = _contact_or_refuse(request, contact_id)
        export = contact_export(contact=contact, address_proven=address_proven_on_record(contact), viewer=request.user)
        body = json.dumps(export, indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"family-data-{timezone.localdate():%Y-%m-%d}-{contact.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


@hooks.register("register_admin_urls")
def register_privacy_urls():
    urlpatterns = [
        path("<int:contact_id>/", ContactPrivacyView.as_view(), name="contact"),
        path("<int:contact_id>/export/", ContactExportView.as_view(), name="contact_export"),
    ]
    return [path("family-data/", (urlpatterns, "events_privacy", "events_privacy"))]
