"""The funder report counts one-to-one sessions held per programme: a number, never who or what about."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from events.models import Contact
from events.recurrence import LOCAL_TZ
from home.permissions import group_leader_role_ensure
from support.models import SupportRequest, SupportSlot
from tests.events.booking_support import user_in
from tests.events.funder_support import FIRST, LAST, funded_quarter
from tests.security.site import _user

pytestmark = pytest.mark.django_db

REPORT = "events_funder_report:index"
PERIOD = {"first": FIRST.isoformat(), "last": LAST.isoformat()}
ROW = "One-to-one sessions held"


def session_held(area, worker, day, *, status="held", about="Money worries"):
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LOCAL_TZ)
    slot = SupportSlot.objects.create(
        area=area, worker=worker, starts_at=start, ends_at=start + dt.timedelta(minutes=50), mode="phone"
    )
    contact = Contact.objects.create(first_name="Rukhsana", email="r@example.org", consent_at=start)
    return SupportRequest.objects.create(
        area=area, slot=slot, worker=worker, contact=contact, status=status, about=about
    )


@pytest.fixture
def site():
    site = funded_quarter()
    worker = _user("worker")
    session_held(site.croydon, worker, dt.date(2025, 2, 3))
    session_held(site.croydon, worker, dt.date(2025, 3, 3))
    session_held(site.croydon, worker, dt.date(2025, 3, 10), status="not_held")
    session_held(site.croydon, worker, dt.date(2025, 4, 7))  # after the period
    return site


def test_the_page_counts_sessions_held_per_programme_and_names_nobody(client, site):
    client.force_login(site.staff)

    page = client.get(reverse(REPORT), PERIOD).content.decode()

    assert f'<td>{ROW}</td><th scope="row">Croydon</th><td>2</td>' in page
    assert "Rukhsana" not in page and "Money worries" not in page
    assert "Scottish Borders</th><td>0" not in page  # no one-to-one programme there: no row of noughts


def test_the_csv_and_xlsx_hold_the_count(client, site):
    client.force_login(site.staff)

    response = client.get(reverse(REPORT), {**PERIOD, "export": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [ROW, "Croydon", "2", "", "", "", "", "", ""] in lines

    response = client.get(reverse(REPORT), {**PERIOD, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell for cell in row if cell not in (None, "")] for row in sheet.iter_rows(values_only=True)]
    assert [ROW, "Croydon", 2] in rows


def test_a_leader_elsewhere_gets_no_croydon_row(client, site):
    leader = user_in("peebles_leader", group_leader_role_ensure(site.peebles))
    client.force_login(leader)

    page = client.get(reverse(REPORT), PERIOD).content.decode()

    assert ROW not in page


def test_a_croydon_leader_gets_the_programmes_count(client, site):
    leader = user_in("mums_leader", group_leader_role_ensure(site.mums))
    client.force_login(leader)

    page = client.get(reverse(REPORT), PERIOD).content.decode()

    assert f'<td>{ROW}</td><th scope="row">Croydon</th><td>2</td>' in page
