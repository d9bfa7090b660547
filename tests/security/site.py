"""A small site for the security, privacy and bad-input tests.

Two areas with one group each, a dated session per group, one family booked into
each, and four logins: a superuser, a staff member who runs the whole site, and the
leaders of the two groups. Built with the same role functions the demo content uses.
"""

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from events.models import AreaIndexPage, AreaPage, Booking, Contact, GroupPage, Session
from home.models import HomePage
from home.permissions import group_leader_role_ensure, staff_role_ensure
from tests.factories import tree_root

PASSWORD = "correct horse battery staple"


def _user(username, *, groups=(), superuser=False):
    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    user = user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(*groups)
    return user


def family_book(*, session, first_name, email="", phone="", adults=1, children=0, access_needs="", children_ages=""):
    """A contact with one confirmed booking, as the booking form leaves them."""
    contact = Contact.objects.create(first_name=first_name, email=email, phone=phone, consent_at=timezone.now())
    booking = Booking.objects.create(
        session=session,
        contact=contact,
        household_ref=contact.household_ref,
        adults=adults,
        children=children,
        access_needs=access_needs,
        children_ages=children_ages,
    )
    return contact, booking


def session_at(page, start, *, hours=2, places=12):
    return Session.objects.create(
        page=page, start=start, end=start + dt.timedelta(hours=hours), adult_places=places, occurrence_start=None
    )


def site_build():
    root = tree_root()
    home = root.add_child(instance=HomePage(title="Gather", slug="gather-home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    areas = home.add_child(instance=AreaIndexPage(title="Where we meet", slug="areas"))
    croydon = areas.add_child(instance=AreaPage(title="Croydon", slug="croydon"))
    borders = areas.add_child(instance=AreaPage(title="Scottish Borders", slug="borders"))
    mums = croydon.add_child(
        instance=GroupPage(
            title="Thursday mums", slug="thursday-mums", summary="Mums and babies", what_happens="<p>Tea and play</p>"
        )
    )
    peebles = borders.add_child(
        instance=GroupPage(
            title="Peebles parents", slug="peebles", summary="Parents in Peebles", what_happens="<p>Songs</p>"
        )
    )
    soon = timezone.now() + dt.timedelta(days=3)
    mums_session = session_at(mums, soon)
    peebles_session = session_at(peebles, soon + dt.timedelta(hours=3))
    amina, amina_booking = family_book(
        session=mums_session, first_name="Amina", email="amina@example.org", access_needs="Step-free entrance"
    )
    fiona, fiona_booking = family_book(session=peebles_session, first_name="Fiona", phone="07700 900123")
    staff = _user("staff", groups=[staff_role_ensure()])
    return SimpleNamespace(
        home=home,
        croydon=croydon,
        borders=borders,
        mums=mums,
        peebles=peebles,
        mums_session=mums_session,
        peebles_session=peebles_session,
        amina=amina,
        amina_booking=amina_booking,
        fiona=fiona,
        fiona_booking=fiona_booking,
        superuser=_user("admin", superuser=True),
        staff=staff,
        mums_leader=_user("mums-leader", groups=[group_leader_role_ensure(mums)]),
        peebles_leader=_user("peebles-leader", groups=[group_leader_role_ensure(peebles)]),
    )
