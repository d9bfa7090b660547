"""`manage.py load_demo` gives the funder report and the check-in results something to show at once."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from events.models import Booking, BookingStatus, CheckInAnswer, Grant, Session
from events.recurrence import local_datetime
from events.selectors.check_ins import check_in_results
from events.selectors.funders import funder_figures
from events.selectors.grants import financial_year, grant_pages, last_quarter
from tests.demo.conftest import demo_load

pytestmark = pytest.mark.django_db


MID_YEAR, YEAR_END = dt.date(2026, 11, 27), dt.date(2027, 3, 24)


@pytest.fixture(scope="module", params=[MID_YEAR, YEAR_END], ids=["mid-year", "year-end"])
def loaded_on(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded in November, and in March when the financial year began almost a year before.

    Loaded once per date for the module's tests and rolled back after them (see tests/demo/conftest.py).
    """
    moment = local_datetime(request.param, dt.time(11))
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        patch.setattr(timezone, "now", lambda: moment)
        demo_load(tmp_path_factory.mktemp("demo"))
        yield request.param
        transaction.set_rollback(True)


def _held_in(first, last):
    return Session.objects.filter(
        start__gte=local_datetime(first, dt.time()), start__lt=local_datetime(last + dt.timedelta(days=1), dt.time())
    )


def test_the_last_quarter_and_the_financial_year_have_new_and_returning_families_and_walk_ins(loaded_on):
    staff = get_user_model().objects.get(username="staff")
    for first, last in (last_quarter(loaded_on), financial_year(loaded_on)):
        total = funder_figures(user=staff, first=first, last=last).total
        assert total.sessions_held >= 50, (first, last)
        assert total.new_families > 0 and total.returning_families > 0, (first, last)
        assert total.attendances > total.families

        came = Booking.objects.filter(session__in=_held_in(first, last), status=BookingStatus.ATTENDED)
        assert came.filter(walk_in=True, contact__isnull=True).exists(), "a walk-in who left no details"
        assert came.filter(walk_in=True, contact__isnull=False).exists(), "a walk-in who gave their details"
        assert _held_in(first, last).filter(headcount_adults__gt=0).exists(), "a drop-in headcount"
        assert Booking.objects.filter(session__in=_held_in(first, last), status=BookingStatus.NO_SHOW).exists()

    # One family booked a session of the last quarter twice; the report counts them once.
    twice = (
        Booking.objects.filter(session__in=_held_in(*last_quarter(loaded_on)), status=BookingStatus.ATTENDED)
        .exclude(contact=None)
        .values("session", "household_ref")
        .annotate(bookings=Count("pk"))
        .filter(bookings=2)
    )
    assert twice.count() == 1


def test_the_check_in_results_show_a_fall_in_loneliness_from_the_first_check_in_to_the_later(loaded_on):
    staff = get_user_model().objects.get(username="staff")
    twelve_months_ago = (loaded_on.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    results = check_in_results(user=staff, first=twelve_months_ago, last=loaded_on)
    areas = [result for result in results if result.is_area]
    assert {area.name for area in areas} == {"Croydon", "Scottish Borders"}
    for area in areas:
        assert area.enough, area.name
        assert area.lonely_first is not None and area.lonely_later is not None, area.name
        assert area.lonely_later < area.lonely_first, area.name
    assert sum(result.enough for result in results if not result.is_area) >= 3
    assert not CheckInAnswer.objects.filter(month__gt=loaded_on).exists()


def test_every_grant_has_sessions_to_report(loaded_on):
    staff = get_user_model().objects.get(username="staff")
    grants = Grant.objects.all()
    assert {grant.funder for grant in grants} == {
        "COSARAF Foundation",
        "Big Lottery Fund (Investing in Ideas)",
        "LEADER (Scottish Borders)",
        "Comic Relief (small grants)",
        "NHS Borders",
    }
    for grant in grants:
        figures = funder_figures(user=staff, first=grant.starts_on, last=grant.ends_on, groups=grant_pages(grant))
        assert figures.total.sessions_held and figures.total.families, grant.funder
