"""Spreadsheet downloads from the admin cannot run anything when opened (web/spreadsheets.py)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.permissions import staff_role_ensure
from tests import factories as f


@pytest.fixture
def staff_client(client, db):
    f.site_tree()
    user = get_user_model().objects.create_user("staff", "staff@example.org", "a long test password")
    user.groups.add(staff_role_ensure())
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_csv_export_quotes_cells_a_spreadsheet_would_run(staff_client):
    f.local_service_add("=cmd|' /C calc'!A0")

    export = staff_client.get(reverse("wagtailsnippets_resources_localservice:list"), {"export": "csv"})

    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    names = [row["Name"] for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")))]
    assert "'=cmd|' /C calc'!A0" in names
    assert "=cmd|' /C calc'!A0" not in names
