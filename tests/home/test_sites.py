"""Links in emails, texts and calendar files say the site's real address (BASE_URL), never localhost."""

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar
from wagtail.models import Site

from home.sites import base_url_host_and_port, default_site_follow_base_url
from tests.events.booking_support import book, group_make, session_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://gather.example.org", ("gather.example.org", 443)),
        ("https://gather.example.org/", ("gather.example.org", 443)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://groups.example.org", ("groups.example.org", 80)),
    ],
)
def test_the_site_address_is_read_from_base_url(base_url, expected):
    assert base_url_host_and_port(base_url) == expected


def test_migrate_points_a_localhost_site_at_base_url(settings):
    settings.BASE_URL = "https://gather.example.org"
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)

    call_command("migrate", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("gather.example.org", 443, "https://gather.example.org")


def test_a_confirmation_email_and_its_calendar_file_link_to_the_real_address(
    settings, django_capture_on_commit_callbacks
):
    session = session_make(group_make("Walkerburn Toddlers"), days=5)
    settings.BASE_URL = "https://gather.example.org"
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    default_site_follow_base_url()

    with django_capture_on_commit_callbacks(execute=True):
        book(session, first_name="Morag", email="morag@example.org")

    [email] = mail.outbox
    [(_name, attached, _type)] = email.attachments
    [event] = Calendar.from_ical(attached).walk("VEVENT")
    assert "localhost" not in email.body
    assert "https://gather.example.org/" in email.body
    assert str(event["url"]).startswith("https://gather.example.org/")
