"""A coordinator invites a group's leader by email, and takes them off the group again."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from events.services.leaders import LEADER_INVITE
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure, pages_editable_by
from messaging.models import MessageStatus, OutboundMessage
from tests.events.booking_support import two_area_site, user_in

NEW_PASSWORD = "heather and thistle 1984"
LINK = re.compile(r"http://testserver(/admin/password_reset/confirm/\S+/)")


@pytest.fixture
def site(db):
    site = two_area_site()
    site.coordinator = user_in("borders_coordinator", area_coordinator_role_ensure(site.borders))
    site.peebles_leader = user_in("peebles_leader", group_leader_role_ensure(site.peebles))
    return site


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _refused(response):
    """Refused with 403, or sent to the login page or (with a message) to the dashboard."""
    home = reverse("wagtailadmin_home")
    return response.status_code == 403 or (
        response.status_code == 302 and ("/login/" in response.url or response.url.rstrip("/") == home.rstrip("/"))
    )


def _invite(client, group, email="fiona@example.org", first_name="Fiona"):
    return client.post(
        reverse("events_leaders:invite"), {"first_name": first_name, "email": email, "group": str(group.pk)}
    )


def _invited(client, commit, group, **kwargs):
    with commit():
        response = _invite(client, group, **kwargs)
    assert response.status_code == 302, response.context["form"].errors
    assert len(mail.outbox) == 1
    found = LINK.search(mail.outbox[0].body)
    return found[1] if found else ""


def _set_password(client, link):
    """Open the link and choose a password; the response of the last step."""
    opened = client.get(link, follow=True)
    if "Set your new password" not in opened.content.decode():
        return opened
    form_url = opened.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)


@pytest.mark.django_db
def test_an_invited_leader_gets_one_email_whose_link_sets_their_password_once(client, site, commit):
    client.force_login(site.coordinator)
    link = _invited(client, commit, site.peebles)

    email = mail.outbox[0]
    assert email.to == ["fiona@example.org"]
    assert "Peebles Toddlers" in email.subject
    message = OutboundMessage.objects.get(kind=LEADER_INVITE)
    assert message.status == MessageStatus.SENT
    fiona = get_user_model().objects.get(email="fiona@example.org")
    assert fiona.first_name == "Fiona" and not fiona.has_usable_password()

    leader = Client()
    done = _set_password(leader, link)
    assert "Password change successful" in done.content.decode() or done.status_code == 200
    assert leader.login(username="fiona@example.org", password=NEW_PASSWORD)
    assert leader.get(reverse("wagtailadmin_pages:edit", args=[site.peebles.pk])).status_code == 200
    assert leader.get(reverse("events_booking:index")).status_code == 200
    assert set(pages_editable_by(fiona).values_list("pk", flat=True)) >= {site.peebles.pk}
    assert site.mums.pk not in set(pages_editable_by(fiona).values_list("pk", flat=True))

    used_again = Client().get(link, follow=True).content.decode()
    assert "Invalid password reset link" in used_again


@pytest.mark.django_db
def test_the_link_stops_working_after_the_reset_timeout(client, site, commit, monkeypatch, settings):
    client.force_login(site.coordinator)
    link = _invited(client, commit, site.peebles)
    sent_at = dt.datetime.now()

    monkeypatch.setattr(
        PasswordResetTokenGenerator,
        "_now",
        lambda self: sent_at + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60),
    )
    assert "Set your new password" in Client().get(link, follow=True).content.decode()

    monkeypatch.setattr(
        PasswordResetTokenGenerator,
        "_now",
        lambda self: sent_at + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60),
    )
    assert "Invalid password reset link" in Client().get(link, follow=True).content.decode()
    assert settings.PASSWORD_RESET_TIMEOUT == 3 * 24 * 60 * 60


@pytest.mark.django_db
def test_a_coordinator_looks_after_their_own_areas_groups_only(client, site, commit):
    client.force_login(site.coordinator)
    listing = client.get(reverse("events_leaders:index")).content.decode()
    assert "Peebles Toddlers" in listing and "peebles_leader@example.org" in listing
    assert "Mums&#x27; Space" not in listing and "Mums' Space" not in listing

    with commit():
        refused = _invite(client, site.mums, email="someone@example.org")
    assert refused.status_code == 200 and refused.context["form"].errors["group"]
    assert not get_user_model().objects.filter(email="someone@example.org").exists()
    assert mail.outbox == []

    mums_leader = user_in("mums_leader", group_leader_role_ensure(site.mums))
    remove_url = reverse("events_leaders:remove", args=[site.mums.pk, mums_leader.pk])
    assert client.get(remove_url).status_code == 404
    assert client.post(remove_url).status_code == 404
    assert mums_leader.groups.exists()


@pytest.mark.django_db
def test_staff_invite_into_any_group(client, site, commit):
    client.force_login(site.staff)
    listing = client.get(reverse("events_leaders:index")).content.decode()
    assert "Peebles Toddlers" in listing and "Mums" in listing
    _invited(client, commit, site.mums, email="amina@example.org", first_name="Amina")
    amina = get_user_model().objects.get(email="amina@example.org")
    assert site.mums.pk in set(pages_editable_by(amina).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_leader_cannot_invite_or_remove(client, site, commit):
    client.force_login(site.peebles_leader)
    assert "Group leaders" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert _refused(client.get(reverse("events_leaders:index")))
    with commit():
        assert _refused(_invite(client, site.peebles, email="friend@example.org"))
    assert mail.outbox == []
    assert not get_user_model().objects.filter(email="friend@example.org").exists()
    other = user_in("co_leader", group_leader_role_ensure(site.peebles))
    assert _refused(client.post(reverse("events_leaders:remove", args=[site.peebles.pk, other.pk])))


@pytest.mark.django_db
def test_removing_a_leader_asks_first_and_ends_their_access_at_once(client, site):
    leader = Client()
    leader.force_login(site.peebles_leader)
    assert leader.get(reverse("events_booking:index")).status_code == 200

    client.force_login(site.coordinator)
    remove_url = reverse("events_leaders:remove", args=[site.peebles.pk, site.peebles_leader.pk])
    confirm = client.get(remove_url).content.decode()
    assert "Yes, remove them" in confirm and "peebles_leader@example.org" in confirm
    assert site.peebles_leader.groups.exists()

    done = client.post(remove_url, follow=True).content.decode()
    assert "is no longer a leader of Peebles Toddlers" in done

    assert not pages_editable_by(site.peebles_leader).exists()
    assert _refused(leader.get(reverse("events_booking:index")))
    assert _refused(leader.get(reverse("wagtailadmin_pages:edit", args=[site.peebles.pk])))
    site.peebles_leader.refresh_from_db()
    assert not site.peebles_leader.is_active
    assert PageLogEntry.objects.filter(page=site.peebles, action="events.leader_remove").exists()
    assert "peebles_leader@example.org" not in client.get(reverse("events_leaders:index")).content.decode()


@pytest.mark.django_db
def test_inviting_someone_removed_earlier_brings_their_account_back(client, site, commit):
    client.force_login(site.coordinator)
    client.post(reverse("events_leaders:remove", args=[site.peebles.pk, site.peebles_leader.pk]))
    link = _invited(client, commit, site.peebles, email="peebles_leader@example.org")
    # They have a password already: they are told to log in as usual.
    assert link == "" and "Log in as usual" in mail.outbox[0].body
    site.peebles_leader.refresh_from_db()
    assert site.peebles_leader.is_active
    assert get_user_model().objects.filter(email__iexact="peebles_leader@example.org").count() == 1
    assert PageLogEntry.objects.filter(page=site.peebles, action="events.leader_invite").exists()


@pytest.mark.django_db
def test_an_account_an_administrator_turned_off_is_not_brought_back_by_an_invite(client, site, commit):
    site.staff.is_active = False
    site.staff.save()
    client.force_login(site.coordinator)
    with commit():
        refused = _invite(client, site.peebles, email=site.staff.email)
    assert refused.status_code == 200 and "Ask an administrator" in refused.content.decode()
    site.staff.refresh_from_db()
    assert not site.staff.is_active
    assert mail.outbox == []
