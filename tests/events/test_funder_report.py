"""The funder report page: its charts beside their tables, the check-ins, the spreadsheet, who sees what,
and the old attendance summary's address."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import CheckInAnswer, Grant
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure
from tests.events.booking_support import user_in
from tests.events.funder_support import FIRST, LAST, funded_quarter

pytestmark = pytest.mark.django_db

REPORT = "events_funder_report:index"
# The admin's own (session, user, permissions, menus, the grants offered) and the report's: the user's
# pages, four for the figures (sessions, people, families, areas), two for the check-ins, and one for
# the one-to-one sessions held per programme (support/privacy_hooks.py: areas and counts together).
REPORT_QUERIES = 18
PERIOD = {"first": FIRST.isoformat(), "last": LAST.isoformat()}
# Month by month, as counted by hand in tests/events/funder_support.py: adults, children; new, returning.
ATTENDANCES = {"Jan 2025": ["9", "10"], "Feb 2025": ["1", "1"], "Mar 2025": ["6", "3"]}
FAMILIES = {"Jan 2025": ["1", "1"], "Feb 2025": ["0", "1"], "Mar 2025": ["2", "2"]}
GROUPS = {"Dads' Group": ["4"], "Mums' Space": ["10"], "Peebles Toddlers": ["16"]}


def answers_add(group, count, *, kind="first", lonely="often"):
    CheckInAnswer.objects.bulk_create(
        CheckInAnswer(group=group, month=FIRST.replace(month=2), kind=kind, lonely=lonely, welcome="very")
        for _ in range(count)
    )


@pytest.fixture
def site():
    site = funded_quarter()
    # Croydon: 6 first check-ins at Mums' Space (4 lonely often), 5 later ones at the Dads' Group (1 some of the
    # time): 11 answers, 67% lonely at first and 20% later. The Borders: 3 answers, too few to show.
    answers_add(site.mums, 4, lonely="often")
    answers_add(site.mums, 2, lonely="never")
    answers_add(site.dads, 1, kind="later", lonely="sometimes")
    answers_add(site.dads, 4, kind="later", lonely="hardly_ever")
    answers_add(site.peebles, 3)
    return site


def page_of(client, user, **query):
    client.force_login(user)
    response = client.get(reverse(REPORT), {**PERIOD, **query})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def chart_named(soup, title):
    """The chart's SVG, found by its accessible name, and the figures of the table beside it."""
    for svg in soup.find_all("svg", attrs={"role": "img"}):
        title_id, desc_id = svg["aria-labelledby"].split()
        if svg.find("title", id=title_id).get_text() == title:
            assert svg.find("desc", id=desc_id).get_text().strip()
            table = svg.find_next("table")
            assert table.caption.get_text() == f"The figures of “{title}”"
            assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
            return svg, {
                row.th.get_text(): [cell.get_text() for cell in row.find_all("td")]
                for row in table.tbody.find_all("tr")
                if row.th["scope"] == "row"
            }
    return None, None


def chart_titles(soup):
    return [svg.title.get_text() for svg in soup.find_all("svg", attrs={"role": "img"})]


def test_each_chart_is_a_named_image_with_its_figures_in_a_table_beside_it(client, site):
    soup = page_of(client, site.staff)

    svg, attendances = chart_named(soup, "Attendances by month")
    assert attendances == ATTENDANCES
    assert "30 attendances in all, most in Jan 2025" in svg.desc.get_text()
    # One bar per month for adults and one for children, each filled with a pattern as well as a colour.
    assert len(svg.find_all("rect", fill=lambda fill: fill and fill.startswith("url(#chart-attendance-fill-"))) == 8
    assert svg.find("pattern", id="chart-attendance-fill-0") and svg.find("pattern", id="chart-attendance-fill-1")
    assert svg["viewbox" if svg.has_attr("viewbox") else "viewBox"].startswith("0 0 520 ")
    assert chart_named(soup, "New and returning families by month")[1] == FAMILIES
    assert chart_named(soup, "Groups compared: attendances")[1] == GROUPS


def test_the_charts_use_no_inline_style_or_script(client, site):
    soup = page_of(client, site.staff)

    for svg in soup.find_all("svg", attrs={"role": "img"}):
        assert not svg.find_all(style=True) and not svg.find_all(["style", "script"])


def test_a_programme_with_five_answers_shows_them_and_one_with_fewer_shows_nothing(client, site):
    soup = page_of(client, site.staff)
    text = soup.get_text(" ", strip=True)

    assert "Croydon: 11 answers." in text
    assert "Scottish Borders: not enough answers yet to show (fewer than 5)." in text
    lonely = chart_named(soup, "Croydon: How often do you feel lonely?")[1]
    assert lonely == {
        "Often or always": ["4 (36%)"],
        "Some of the time": ["1 (9%)"],
        "Occasionally": ["0 (0%)"],
        "Hardly ever": ["4 (36%)"],
        "Never": ["2 (18%)"],
        "No answer": ["0 (0%)"],
    }
    assert chart_named(soup, "Croydon: How welcome did you feel at the group?")[1]["Very welcome"] == ["11 (100%)"]
    assert chart_named(soup, "Feeling lonely often, always or some of the time")[1] == {"Croydon": ["67%", "20%"]}
    assert not any(title.startswith("Scottish Borders") for title in chart_titles(soup))


def test_a_grant_narrows_the_check_ins_to_the_groups_it_funds(client, site):
    grant = Grant.objects.create(funder="Dads Fund", starts_on=FIRST, ends_on=LAST)
    grant.groups.add(site.dads)

    soup = page_of(client, site.staff, grant=grant.pk, period="grant")

    assert "Croydon: 5 answers." in soup.get_text(" ", strip=True)
    assert chart_named(soup, "Feeling lonely often, always or some of the time")[1] == {
        "Croydon": ["Fewer than 5 answers", "20%"]
    }
    assert chart_named(soup, "Groups compared: attendances")[1] == {"Dads' Group": ["4"]}


def csv_lines(client, **query):
    response = client.get(reverse(REPORT), {**PERIOD, "export": "csv", **query})
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_spreadsheet_holds_the_months_and_the_check_ins_under_their_own_headings(client, site):
    client.force_login(site.staff)

    lines = csv_lines(client)

    assert ["Month", "Jan 2025", "2", "19", "9", "10", "2", "1", "1"] in lines
    assert ["Month", "Mar 2025", "2", "9", "6", "3", "4", "2", "2"] in lines
    heading = lines.index(["Check-in answers", "Programme", "Question", "Answer", "Families", "Share (%)", "", "", ""])
    assert lines[heading - 1] == [""] * 9
    assert [
        "Check-in answers",
        "Croydon",
        "How often do you feel lonely?",
        "Often or always",
        "4",
        "36",
        "",
        "",
        "",
    ] in (lines)
    too_few = ["Check-in answers", "Scottish Borders", "Fewer than 5 answers: not shown", "", "", "", "", "", ""]
    assert too_few in lines
    lonely = "Feeling lonely often, always or some of the time (%)"
    assert [lonely, "Programme", "After the first session", "Some weeks later", "", "", "", "", ""] in lines
    assert [lonely, "Croydon", "67", "20", "", "", "", "", ""] in lines
    assert not any(line[1] == "Scottish Borders" and line[0] == lonely for line in lines)


def test_the_xlsx_holds_the_same_figures(client, site):
    client.force_login(site.staff)

    response = client.get(reverse(REPORT), {**PERIOD, "export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell for cell in row if cell not in (None, "")] for row in sheet.iter_rows(values_only=True)]
    assert ["Total", "All groups and workshops", 5, 30, 16, 14, 5, 3, 2] in rows
    assert ["Month", "Feb 2025", 1, 2, 1, 1, 1, 0, 1] in rows
    assert ["Check-in answers", "Croydon", "How often do you feel lonely?", "Never", 2, 18] in rows


class TestRights:
    def test_a_leader_sees_only_their_groups_figures_and_check_ins(self, client, site):
        leader = user_in("mums_leader", group_leader_role_ensure(site.mums))

        soup = page_of(client, leader)

        assert chart_named(soup, "Groups compared: attendances")[1] == {"Mums' Space": ["10"]}
        # Only the 6 answers about Mums' Space, not those about the Dads' Group in the same area.
        assert "Croydon: 6 answers." in soup.get_text(" ", strip=True)
        assert "Scottish Borders" not in soup.get_text()
        lines = csv_lines(client)
        assert not any("Dads" in cell or "Peebles" in cell for line in lines for cell in line)

    def test_another_areas_coordinator_sees_nothing_of_them(self, client, site):
        coordinator = user_in("borders", area_coordinator_role_ensure(site.borders))

        soup = page_of(client, coordinator)

        text = soup.get_text(" ", strip=True)
        assert "Croydon" not in text and "Mums" not in text and "Dads" not in text
        assert chart_named(soup, "Groups compared: attendances")[1] == {"Peebles Toddlers": ["16"]}
        assert "Scottish Borders: not enough answers yet to show (fewer than 5)." in text
        lines = csv_lines(client)
        assert not any("Croydon" in cell or "Mums" in cell for line in lines for cell in line)


def test_the_page_costs_the_same_queries_however_much_was_held_or_answered(client, site, django_assert_num_queries):
    client.force_login(site.staff)
    client.get(reverse(REPORT), PERIOD)
    with django_assert_num_queries(REPORT_QUERIES):
        client.get(reverse(REPORT), PERIOD)

    answers_add(site.peebles, 9, kind="later")
    answers_add(site.dads, 9)
    with django_assert_num_queries(REPORT_QUERIES):
        page = client.get(reverse(REPORT), PERIOD)
    assert "Scottish Borders: 12 answers." in page.content.decode()


def test_the_old_attendance_summary_sends_staff_to_the_funder_report_for_the_same_period(client, site):
    client.force_login(site.staff)

    response = client.get("/admin/attendance/", {**PERIOD, "export": "csv"})

    assert response.status_code == 301
    assert response.url == reverse(REPORT) + "?first=2025-01-01&last=2025-03-31"
    assert client.get("/admin/attendance/").url == reverse(REPORT)


def test_the_menu_offers_the_funder_report_and_no_longer_the_attendance_summary(client, site):
    client.force_login(get_user_model().objects.get(pk=site.staff.pk))

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse(REPORT) in home and "Attendance summary" not in home
