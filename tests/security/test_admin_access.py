"""Every staff view of the booking domain refuses anonymous visitors and leaders of other groups;
every one-to-one view refuses everyone but the request's worker and the programme's lead.

The admin addresses are read from the URL resolver, so a view added later is
covered without editing this file: a view about bookings, sessions, waiting lists,
contacts or emails, or any view defined in the events app; and any view defined in
the support app or about its models. If a new address takes a parameter this file
cannot fill, the test fails and says which.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from events.models import (
    Booking,
    Contact,
    Grant,
    GroupPage,
    Schedule,
    Session,
    TopicSuggestion,
    Venue,
    WaitingEntry,
)
from events.models.messages import MessageKind
from messaging.channels.email import EMAIL
from messaging.models import OutboundMessage
from support.models import SupportRequest, SupportRole, SupportSlot
from support.services import support_role_add
from tests.security.site import _user

# Grants are here for their figures: the funder report shows a grant's groups.
BOOKING_MODELS = {Booking, Contact, Grant, OutboundMessage, Schedule, Session, WaitingEntry}
SUPPORT_MODELS = {SupportRequest, SupportRole, SupportSlot}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass
class AdminAddress:
    name: str
    route: str
    parameters: list[str]
    model: type | None

    def __str__(self):
        return f"{self.name} ({self.route})"


def _model_of(callback):
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model")
    view_class = getattr(callback, "view_class", None)
    if model is None and view_class is not None:
        model = getattr(view_class, "model", None)
    return model


def _belongs_to_booking_domain(callback) -> bool:
    view_class = getattr(callback, "view_class", callback)
    module = getattr(view_class, "__module__", "") or ""
    return module.startswith("events.") or _model_of(callback) in BOOKING_MODELS


def _belongs_to_support(callback) -> bool:
    view_class = getattr(callback, "view_class", callback)
    module = getattr(view_class, "__module__", "") or ""
    return module.startswith("support.") or _model_of(callback) in SUPPORT_MODELS


def booking_admin_addresses() -> list[AdminAddress]:
    return admin_addresses(_belongs_to_booking_domain)


def support_admin_addresses() -> list[AdminAddress]:
    return admin_addresses(_belongs_to_support)


def admin_addresses(belongs) -> list[AdminAddress]:
    found = []

    def walk(patterns, route, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                child_namespace = namespace
                if entry.namespace:
                    child_namespace = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, route + str(entry.pattern), child_namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                full_route = route + str(entry.pattern)
                if full_route.startswith("admin/") and belongs(entry.callback):
                    name = f"{namespace}:{entry.name}" if namespace else entry.name
                    parameters = [match["name"] for match in PARAMETER.finditer(full_route)]
                    found.append(AdminAddress(name, full_route, parameters, _model_of(entry.callback)))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def croydon_objects(site):
    """One of each booking-domain object, all belonging to the Croydon mums' group, and a Croydon venue."""
    waiting = WaitingEntry.objects.create(session=site.mums_session, contact=site.amina, adults=1)
    email = OutboundMessage.objects.create(channel=EMAIL, kind=MessageKind.BOOKING_CONFIRMED, recipient=site.amina)
    schedule = Schedule.objects.create(
        page=site.mums, starts_on=site.mums_session.start.date(), start_time=site.mums_session.start.time()
    )
    venue = Venue.objects.create(
        name="Croydon Family Centre", address="1 High Street", postcode="CR0 1AA", area=site.croydon
    )
    grant = Grant.objects.create(funder="Croydon Fund", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2026, 3, 31))
    grant.areas.add(site.croydon)
    topic = TopicSuggestion.objects.create(
        title=TOPIC_IDEA, group=site.mums, suggested_by=site.amina, status="approved"
    )
    return {
        TopicSuggestion: topic.pk,
        Booking: site.amina_booking.pk,
        Grant: grant.pk,
        Contact: site.amina.pk,
        OutboundMessage: email.pk,
        Schedule: schedule.pk,
        Session: site.mums_session.pk,
        WaitingEntry: waiting.pk,
        Venue: venue.pk,
        GroupPage: site.mums.pk,
        get_user_model(): site.mums_leader.pk,
    }


def address_url(address: AdminAddress, objects) -> str:
    by_name = {
        "booking": Booking,
        "contact": Contact,
        "email": OutboundMessage,
        "schedule": Schedule,
        "session": Session,
        "entry": WaitingEntry,
        "waiting_entry": WaitingEntry,
        "group": GroupPage,
        "grant": Grant,
        "user": get_user_model(),
        "slot": SupportSlot,
    }
    kwargs = {}
    for parameter in address.parameters:
        if parameter in ("pk", "id", "object_id"):
            model = address.model
        else:
            model = by_name.get(re.sub(r"_(id|pk)$", "", parameter))
        if model not in objects:
            pytest.fail(f"Cannot fill <{parameter}> of {address}: add it to address_url in {__file__}")
        kwargs[parameter] = objects[model]
    return reverse(address.name, kwargs=kwargs)


TOPIC_IDEA = "Baby massage in Thornton Heath"
AMINA_DETAILS = ["Amina", "amina@example.org", "Step-free entrance", TOPIC_IDEA]


def croydon_state(site):
    booking = Booking.objects.get(pk=site.amina_booking.pk)
    session = Session.objects.get(pk=site.mums_session.pk)
    contact = Contact.objects.filter(pk=site.amina.pk).values_list("first_name", "manage_token", "feed_token").first()
    topics = list(TopicSuggestion.objects.values_list("status", "title", "reply", "workshop_id"))
    return (booking.status, booking.adults, booking.contact_id, session.status, session.start, contact, topics)


def test_the_booking_admin_addresses_are_found(db):
    names = {address.name for address in booking_admin_addresses()}

    assert {"events_privacy:contact", "events_privacy:contact_export"} <= names


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_booking_admin_address(client, site, croydon_objects):
    login = reverse("wagtailadmin_login")
    for address in booking_admin_addresses():
        url = address_url(address, croydon_objects)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 403), f"{method.__name__.upper()} {address}"
            if response.status_code == 302:
                assert response.url.startswith(login), f"{address} redirected to {response.url}"


@pytest.mark.django_db
def test_a_leader_of_another_group_sees_and_changes_nothing_of_this_group(client, site, croydon_objects):
    client.force_login(site.peebles_leader)
    before = croydon_state(site)
    for address in booking_admin_addresses():
        url = address_url(address, croydon_objects)
        # Listings also download as spreadsheets (Wagtail's list_export).
        for query in ("", "?export=csv") if address.name.endswith(":index") else ("",):
            response = client.get(url + query)
            assert response.status_code < 500, f"GET {address}{query}"
            if response.status_code == 200:
                page = b"".join(response).decode(errors="replace")
                shown = [detail for detail in AMINA_DETAILS if detail in page]
                assert shown == [], f"GET {address}{query} showed {shown} to the Peebles leader"
        response = client.post(url, {"action": "erase", "confirm": "yes"})
        assert response.status_code < 500, f"POST {address}"
        assert croydon_state(site) == before, f"POST {address} changed the Croydon group's data"


@pytest.mark.django_db
def test_staff_reach_every_booking_admin_address(client, site, croydon_objects):
    # The refusals above mean something only if the same addresses work for staff.
    client.force_login(site.superuser)
    for address in booking_admin_addresses():
        response = client.get(address_url(address, croydon_objects))
        assert response.status_code in (200, 301, 302), f"GET {address} gave {response.status_code}"


@pytest.mark.django_db
def test_the_bookings_spreadsheet_holds_only_the_leaders_own_families(client, site):
    url = reverse("events_booking:index") + "?export=csv"

    client.force_login(site.mums_leader)
    own = b"".join(client.get(url)).decode()
    client.force_login(site.peebles_leader)
    other = b"".join(client.get(url)).decode()

    assert "amina@example.org" in own
    assert "amina@example.org" not in other
    assert "07700900123" in other or "07700 900123" in other


def refused(response) -> bool:
    """Wagtail answers a refused admin request by sending the user back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


class TestFamilyDataViews:
    def test_the_groups_own_leader_sees_the_family(self, client, site):
        client.force_login(site.mums_leader)

        response = client.get(reverse("events_privacy:contact", args=[site.amina.pk]))

        assert response.status_code == 200
        assert "amina@example.org" in response.content.decode()
        assert "Step-free entrance" in response.content.decode()

    def test_a_leader_of_another_group_is_refused(self, client, site):
        client.force_login(site.peebles_leader)

        assert refused(client.get(reverse("events_privacy:contact", args=[site.amina.pk])))
        assert refused(client.get(reverse("events_privacy:contact_export", args=[site.amina.pk])))

    def test_a_family_that_also_booked_elsewhere_needs_someone_who_sees_both_groups(self, client, site):
        Booking.objects.create(session=site.peebles_session, contact=site.amina, household_ref=site.amina.household_ref)

        client.force_login(site.mums_leader)
        assert refused(client.get(reverse("events_privacy:contact", args=[site.amina.pk])))
        client.force_login(site.staff)
        assert client.get(reverse("events_privacy:contact", args=[site.amina.pk])).status_code == 200

    def test_export_downloads_the_familys_data_as_json(self, client, site):
        client.force_login(site.mums_leader)

        response = client.get(reverse("events_privacy:contact_export", args=[site.amina.pk]))

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        data = response.json()
        assert data["contact_details"][0]["email"] == "amina@example.org"
        assert data["bookings"][0]["access_needs"] == "Step-free entrance"

    def test_erase_needs_the_confirmation_box(self, client, site):
        client.force_login(site.mums_leader)

        client.post(reverse("events_privacy:contact", args=[site.amina.pk]), {"action": "erase"})

        assert Contact.objects.filter(pk=site.amina.pk).exists()

    def test_erase_removes_the_family_and_keeps_the_booking_as_a_count(self, client, site):
        client.force_login(site.mums_leader)

        response = client.post(
            reverse("events_privacy:contact", args=[site.amina.pk]), {"action": "erase", "confirm": "yes"}
        )

        assert response.status_code == 302
        assert not Contact.objects.filter(pk=site.amina.pk).exists()
        assert Booking.objects.filter(pk=site.amina_booking.pk, contact=None).exists()

    def test_staff_can_stop_the_private_links(self, client, site):
        client.force_login(site.staff)
        old_token = site.amina.manage_token

        client.post(reverse("events_privacy:contact", args=[site.amina.pk]), {"action": "revoke_links"})

        site.amina.refresh_from_db()
        assert site.amina.manage_token != old_token

    def test_an_unknown_family_is_not_found(self, client, site):
        client.force_login(site.staff)

        assert client.get(reverse("events_privacy:contact", args=[999999])).status_code == 404


# One-to-one support -----------------------------------------------------------------------

SUPPORT_SECRETS = ["Sleep has been hard since the baby came", "Nadia", "nadia@example.org"]


@pytest.fixture
def support_objects(site):
    """A Croydon worker and lead, a slot, and Nadia's request for it with a few private words."""
    site.worker = _user("croydon-worker")
    site.lead = _user("croydon-lead")
    support_role_add(area=site.croydon, user=site.worker, role=SupportRole.Kind.WORKER)
    lead_role = support_role_add(area=site.croydon, user=site.lead, role=SupportRole.Kind.LEAD)
    site.borders_lead = _user("borders-lead")
    support_role_add(area=site.borders, user=site.borders_lead, role=SupportRole.Kind.LEAD)
    start = site.mums_session.start + dt.timedelta(days=1)
    slot = SupportSlot.objects.create(
        area=site.croydon, worker=site.worker, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode="phone"
    )
    nadia = Contact.objects.create(first_name="Nadia", email="nadia@example.org", consent_at=start)
    request = SupportRequest.objects.create(
        area=site.croydon, slot=slot, worker=site.worker, contact=nadia, about=SUPPORT_SECRETS[0]
    )
    return {SupportRequest: request.pk, SupportSlot: slot.pk, SupportRole: lead_role.pk, Contact: nadia.pk}


def support_state():
    return (
        list(SupportRequest.objects.values_list("status", "note", "about", "offered_slot_id", "contact_id")),
        list(SupportSlot.objects.values_list("withdrawn_at", flat=True)),
        list(SupportRole.objects.values_list("area_id", "user_id", "role")),
    )


def test_the_support_admin_addresses_are_found(db):
    names = {address.name for address in support_admin_addresses()}

    assert {"support_admin:requests", "support_admin:request", "support_admin:slot_withdraw"} <= names
    assert {"support_roles:index", "support_roles:add"} <= names


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_support_admin_address(client, site, support_objects):
    login = reverse("wagtailadmin_login")
    for address in support_admin_addresses():
        url = address_url(address, support_objects)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 403), f"{method.__name__.upper()} {address}"
            if response.status_code == 302:
                assert response.url.startswith(login), f"{address} redirected to {response.url}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["peebles_leader", "staff", "superuser", "borders_lead"])
def test_nobody_but_the_worker_and_the_lead_sees_or_changes_a_request(client, site, support_objects, who):
    """Another group's leader, whole-site staff and a superuser without a role, another programme's lead."""
    client.force_login(getattr(site, who))
    before = support_state()
    for address in support_admin_addresses():
        url = address_url(address, support_objects)
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"GET {address} gave {response.status_code}"
        # Staff see the roles; another programme's lead sees their own (empty) lists and forms.
        listing = who == "borders_lead" and not address.parameters
        if response.status_code == 200:
            assert address.name.startswith("support_roles:") or listing, f"GET {address} answered {who}"
            page = b"".join(response).decode(errors="replace")
            shown = [secret for secret in SUPPORT_SECRETS if secret in page]
            assert shown == [], f"GET {address} showed {shown} to {who}"
        if address.name.startswith("support_roles:"):
            continue  # whole-site staff manage the roles; checked below
        response = client.post(url, {"note": "Seen", "held": "yes", "slot": support_objects[SupportSlot]})
        allowed = (200, 302, 403, 404, 405) if listing else (302, 403, 404, 405)
        assert response.status_code in allowed, f"POST {address} gave {response.status_code}"
        assert support_state() == before, f"POST {address} by {who} changed a request"


@pytest.mark.django_db
def test_only_whole_site_staff_manage_the_roles(client, site, support_objects):
    for who in ("peebles_leader", "worker", "lead"):
        client.force_login(getattr(site, who))
        assert refused(client.get(reverse("support_roles:index"))), who
    client.force_login(site.staff)
    page = client.get(reverse("support_roles:index")).content.decode()
    assert "croydon-lead" in page
    assert "Nadia" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["worker", "lead"])
def test_the_worker_and_the_lead_reach_every_request_and_slot_address(client, site, support_objects, who):
    # The refusals above mean something only if the same addresses work for the role holders.
    client.force_login(getattr(site, who))
    for address in support_admin_addresses():
        if address.name.startswith("support_roles:"):
            continue
        response = client.get(address_url(address, support_objects))
        assert response.status_code in (200, 302), f"GET {address} gave {response.status_code}"
    page = client.get(reverse("support_admin:request", args=[support_objects[SupportRequest]])).content.decode()
    assert SUPPORT_SECRETS[0] in page and "nadia@example.org" in page
