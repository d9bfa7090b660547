"""The funder figures, against a quarter counted by hand (tests/events/funder_support.py)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from events.models import Contact
from events.selectors.funders import funder_figures
from events.services.privacy import contact_erase
from home.permissions import area_coordinator_role_ensure, group_leader_role_ensure
from tests.events.booking_support import user_in
from tests.events.funder_support import FIRST, LAST, came, contact, figures_of, funded_quarter, held

pytestmark = pytest.mark.django_db

# (sessions held, attendances, adults, children, families, new, returning)
MUMS = (2, 10, 5, 5, 2, 1, 1)
DADS = (1, 4, 3, 1, 2, 2, 0)
PEEBLES = (2, 16, 8, 8, 2, 1, 1)
CROYDON = (3, 14, 8, 6, 3, 2, 1)
TOTAL = (5, 30, 16, 14, 5, 3, 2)
# Month by month. January: Mums' Space (Amina, Bea, a walk-in) and the Peebles headcount; February:
# Amina again; March: the Dads' Group (Bea, Eve, a walk-in) and Peebles (Cat, Dee).
JANUARY = (2, 19, 9, 10, 2, 1, 1)
FEBRUARY = (1, 2, 1, 1, 1, 0, 1)
MARCH = (2, 9, 6, 3, 4, 2, 2)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def site():
    return funded_quarter()


def test_staff_see_every_group_area_and_the_total_as_counted_by_hand(site):
    figures = funder_figures(user=site.staff, first=FIRST, last=LAST)

    assert {row.name: figures_of(row) for row in figures.groups} == {
        "Dads' Group": DADS,
        "Mums' Space": MUMS,
        "Peebles Toddlers": PEEBLES,
    }
    assert [(row.name, figures_of(row)) for row in figures.areas] == [
        ("Croydon", CROYDON),
        ("Scottish Borders", PEEBLES),
    ]
    assert figures_of(figures.total) == TOTAL
    assert not figures.empty


def test_a_family_in_two_groups_counts_once_in_the_area_and_the_total(site):
    figures = funder_figures(user=site.staff, first=FIRST, last=LAST)

    # Bea came to both Croydon groups: once in each group's row, once in Croydon's.
    assert sum(row.families for row in figures.groups) == 6
    assert figures.total.families == 5


def test_a_leader_sees_their_own_group_only(site):
    leader = user_in("mums_leader", group_leader_role_ensure(site.mums))

    figures = funder_figures(user=leader, first=FIRST, last=LAST)

    assert [row.name for row in figures.groups] == ["Mums' Space"]
    assert figures_of(figures.total) == MUMS


def test_a_coordinator_sees_their_area(site):
    coordinator = user_in("croydon", area_coordinator_role_ensure(site.croydon))

    figures = funder_figures(user=coordinator, first=FIRST, last=LAST)

    assert [row.name for row in figures.groups] == ["Dads' Group", "Mums' Space"]
    assert figures_of(figures.total) == CROYDON


def test_the_groups_asked_for_narrow_the_figures(site):
    figures = funder_figures(user=site.staff, first=FIRST, last=LAST, groups=[site.peebles.pk])

    assert [row.name for row in figures.groups] == ["Peebles Toddlers"]
    assert figures_of(figures.total) == PEEBLES


def test_each_month_of_the_period_as_counted_by_hand(site):
    figures = funder_figures(user=site.staff, first=FIRST, last=LAST)

    assert [(row.month, figures_of(row)) for row in figures.months] == [
        (dt.date(2025, 1, 1), JANUARY),
        (dt.date(2025, 2, 1), FEBRUARY),
        (dt.date(2025, 3, 1), MARCH),
    ]


def test_a_family_is_new_in_the_month_it_first_came_and_returning_after(site):
    figures = funder_figures(user=site.staff, first=FIRST, last=LAST)

    # Bea first came in January (new) and again in March (returning); the months add up to the period's new families.
    january, _february, march = figures.months
    assert (january.new_families, march.returning_families) == (1, 2)
    assert sum(row.new_families for row in figures.months) == figures.total.new_families


def test_a_month_with_nothing_held_is_there_with_zeros(site):
    figures = funder_figures(user=site.staff, first=dt.date(2025, 3, 1), last=dt.date(2025, 5, 31))

    assert [row.month.month for row in figures.months] == [3, 4, 5]
    assert figures_of(figures.months[2]) == (0, 0, 0, 0, 0, 0, 0)
    # Dee came in March and April: new in March, returning in April.
    assert figures_of(figures.months[1]) == (1, 2, 1, 1, 1, 0, 1)


def test_the_counts_survive_erasing_the_booked_familys_details(site):
    for each in Contact.objects.filter(first_name__in=["Amina", "Bea", "Cat", "Dee"]):
        contact_erase(contact=each)

    figures = funder_figures(user=site.staff, first=FIRST, last=LAST)

    assert figures_of(figures.total) == TOTAL
    assert [figures_of(row) for row in figures.months] == [JANUARY, FEBRUARY, MARCH]


def test_a_period_with_no_sessions_is_empty(site):
    figures = funder_figures(user=site.staff, first=dt.date(2023, 1, 1), last=dt.date(2023, 3, 31))

    assert figures.empty
    assert figures_of(figures.total) == (0, 0, 0, 0, 0, 0, 0)


def test_a_family_that_came_before_the_period_is_returning_and_one_that_came_after_does_not_count(site):
    april = funder_figures(user=site.staff, first=dt.date(2025, 4, 1), last=dt.date(2025, 4, 30))

    # Dee first came in March: in April she is returning.
    assert figures_of(april.total) == (1, 2, 1, 1, 1, 0, 1)


def test_the_number_of_queries_does_not_grow_with_the_data(site, django_assert_num_queries):
    # The user's page permissions, then the sessions, the people, the families and the areas.
    staff = fresh(site.staff)
    with django_assert_num_queries(5):
        funder_figures(user=staff, first=FIRST, last=LAST)

    for day in (6, 13, 20):
        session = held(site.peebles, dt.date(2025, 2, day))
        came(session, contact(f"Family{day}"))
        came(session, None, walk_in=True)
    staff = fresh(site.staff)
    with django_assert_num_queries(5):
        figures = funder_figures(user=staff, first=FIRST, last=LAST)
    assert figures.total.families == 8
