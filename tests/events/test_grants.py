"""Grants: kept by staff, and a funder report per grant over its period or a preset one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from events.models import Grant
from events.selectors.grants import financial_year, last_quarter
from home.permissions import group_leader_role_ensure
from tests.events.booking_support import user_in
from tests.events.funder_support import FIRST, LAST, figures_of, funded_quarter

REPORT = "events_funder_report:index"
PEEBLES = (2, 16, 8, 8, 2, 1, 1)
DADS = (1, 4, 3, 1, 2, 2, 0)
MUMS = (2, 10, 5, 5, 2, 1, 1)


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        (dt.date(2026, 11, 27), (dt.date(2026, 7, 1), dt.date(2026, 9, 30))),
        (dt.date(2026, 1, 1), (dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
        (dt.date(2026, 3, 31), (dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
        (dt.date(2026, 4, 1), (dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
    ],
)
def test_the_last_quarter_is_the_previous_full_calendar_quarter(today, quarter):
    assert last_quarter(today) == quarter


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 3, 31), (dt.date(2025, 4, 1), dt.date(2026, 3, 31))),
        (dt.date(2026, 4, 1), (dt.date(2026, 4, 1), dt.date(2027, 3, 31))),
        (dt.date(2026, 12, 31), (dt.date(2026, 4, 1), dt.date(2027, 3, 31))),
        (dt.date(2027, 1, 1), (dt.date(2026, 4, 1), dt.date(2027, 3, 31))),
    ],
)
def test_the_financial_year_runs_from_1_april_to_31_march(today, year):
    assert financial_year(today) == year


@pytest.mark.django_db
class TestGrantDates:
    def test_a_grant_that_ends_before_it_starts_is_refused(self):
        grant = Grant(funder="Lottery", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 3, 31))

        with pytest.raises(ValidationError) as error:
            grant.full_clean()
        assert "ends_on" in error.value.message_dict

    def test_the_database_refuses_it_too(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Grant.objects.create(funder="Lottery", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 4, 1))


@pytest.fixture
def site(db):
    site = funded_quarter()
    site.borders_grant = Grant.objects.create(
        funder="Borders Trust", reference="BT-7", starts_on=FIRST, ends_on=LAST, pays_for="The hall hire"
    )
    site.borders_grant.areas.add(site.borders)
    site.dads_grant = Grant.objects.create(funder="Dads Fund", starts_on=FIRST, ends_on=LAST)
    site.dads_grant.groups.add(site.dads)
    return site


def report(client, **query):
    response = client.get(reverse(REPORT), query)
    assert response.status_code == 200
    return response


class TestReportPerGrant:
    def test_a_grant_for_an_area_counts_that_areas_groups_only(self, client, site):
        client.force_login(site.staff)

        figures = report(client, grant=site.borders_grant.pk, period="grant").context["figures"]

        assert [row.name for row in figures.groups] == ["Peebles Toddlers"]
        assert figures_of(figures.total) == PEEBLES
        assert (figures.first, figures.last) == (FIRST, LAST)

    def test_a_grant_for_a_group_counts_that_group_only(self, client, site):
        client.force_login(site.staff)

        figures = report(client, grant=site.dads_grant.pk).context["figures"]

        assert figures_of(figures.total) == DADS

    def test_a_leader_sees_only_their_own_group_even_in_a_grant_for_the_area(self, client, site):
        site.dads_grant.areas.add(site.croydon)
        client.force_login(user_in("mums_leader", group_leader_role_ensure(site.mums)))

        figures = report(client, grant=site.dads_grant.pk).context["figures"]

        assert figures_of(figures.total) == MUMS

    def test_the_whole_period_needs_a_grant(self, client, site):
        client.force_login(site.staff)

        response = report(client, period="grant")

        assert "Choose a grant to report on its whole period." in response.content.decode()

    def test_the_page_shows_the_tables_and_the_spreadsheet_holds_the_same_figures(self, client, site):
        client.force_login(site.staff)

        page = report(client, first="2025-01-01", last="2025-03-31").content.decode()
        csv = b"".join(client.get(reverse(REPORT), {"first": "2025-01-01", "last": "2025-03-31", "export": "csv"}))

        for caption in ("In total", "Per area", "Per group or workshop"):
            assert f">{caption}</caption>" in page
        lines = csv.decode().splitlines()
        assert lines[1].split(",")[2:] == ["5", "30", "16", "14", "5", "3", "2"]
        assert any(line.startswith("Area,Croydon,3,14,8,6,3,2,1") for line in lines)
        assert any(line.startswith("Group or workshop,Peebles Toddlers,2,16,8,8,2,1,1") for line in lines)

    def test_a_period_without_sessions_says_so_plainly(self, client, site):
        client.force_login(site.staff)

        page = report(client, first="2023-01-01", last="2023-03-31").content.decode()

        assert "No sessions were held between 1 January 2023 and 31 March 2023 in your groups." in page
        assert "<table" not in page.split('class="nice-padding"')[1]

    def test_the_presets_are_offered(self, client, site):
        client.force_login(site.staff)

        form = report(client).context["form"]

        assert [value for value, _label in form.fields["period"].choices] == ["", "quarter", "financial_year", "grant"]


class TestGrantEditing:
    def test_staff_add_a_grant(self, client, site):
        client.force_login(site.staff)
        data = {
            "funder": "Children in Need",
            "reference": "CIN-1",
            "starts_on": "2025-04-01",
            "ends_on": "2026-03-31",
            "areas": [site.croydon.pk],
            "groups": [],
            "pays_for": "Creche workers",
        }

        response = client.post(reverse("events_grant:add"), data)

        assert response.status_code == 302
        grant = Grant.objects.get(funder="Children in Need")
        assert list(grant.areas.all()) == [site.croydon.specific]

    def test_staff_are_told_when_the_dates_are_the_wrong_way_round(self, client, site):
        client.force_login(site.staff)
        data = {"funder": "Late", "starts_on": "2025-04-01", "ends_on": "2025-01-01"}

        response = client.post(reverse("events_grant:add"), data)

        assert response.status_code == 200
        assert "A grant ends after it starts." in response.content.decode()
        assert not Grant.objects.filter(funder="Late").exists()

    @pytest.mark.parametrize("name", ["index", "add"])
    def test_a_leader_may_not_see_or_add_grants(self, client, site, name):
        client.force_login(user_in("mums_leader", group_leader_role_ensure(site.mums)))

        response = client.get(reverse(f"events_grant:{name}"))

        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home")

    def test_a_leader_may_not_change_a_grant(self, client, site):
        client.force_login(user_in("mums_leader", group_leader_role_ensure(site.mums)))

        client.post(reverse("events_grant:edit", args=[site.dads_grant.pk]), {"funder": "Mine"})

        site.dads_grant.refresh_from_db()
        assert site.dads_grant.funder == "Dads Fund"
