"""The targets table bench/run.py prints: multiples of the floor, ratios to an earlier commit, verdicts.

Built from made-up result dictionaries of the shape bench/pages.py and bench/booking.py
return, so nothing here starts a server or times anything.
"""

import math

from bench import targets
from bench.workload import ISSUE_DAYS, ISSUE_LENGTH, ISSUE_TIMES, group_meeting


def figures(round_trip_ms, queries=(0,)):
    return {"client_median_ms": round_trip_ms, "server_median_ms": round_trip_ms / 2, "queries": list(queries)}


def pages_run(*, db="sqlite", scale=1, floor=2.0, group=16.0, group_queries=(12,), cached=2.4, rss_mib=120.0):
    return {
        "db": db,
        "scale": scale,
        "workload": "issue",
        "floor": figures(floor),
        "pages": {
            "home": {"cold": figures(14.0, (9,)), "cached": figures(cached)},
            "area": {"cold": figures(40.0, (12,)), "cached": figures(2.2)},
            "group": {"cold": figures(group, group_queries), "cached": figures(2.2)},
            # Never from the page cache: it must not count as the worst cached page.
            "search": {"cold": figures(30.0, (12,)), "cached": figures(30.0, (12,))},
        },
        "feeds": {
            "site feed": {"full": figures(2.0), "built": figures(38.0, (8,))},
            "group feed": {"full": figures(2.8, (2,)), "built": figures(9.0, (8,))},
        },
        "memory": {"worker_rss_mib_max": rss_mib},
    }


def booking_run(*, post_ms=18.0, per_second=(20.0, 22.0)):
    return {
        "time_to_confirmed": {"post_server_median_ms": post_ms, "post_queries": [14]},
        "concurrent_by_clients": {"8": {"per_second": per_second[0]}, "16": {"per_second": per_second[1]}},
    }


def row(rows, figure):
    return next(found for found in rows if found["figure"] == figure)


def test_a_page_is_shown_as_a_multiple_of_the_floor_with_its_exact_query_count():
    side = targets.Side.from_results("abc1234", [pages_run(group=16.0, group_queries=(12,))])

    group = row(targets.rows(side), "group page, rendered")

    assert group["current"] == "8.0× floor, 12 queries"
    assert group["met"] is True


def test_the_first_render_after_a_booking_is_read_from_its_own_figures_or_not_measured():
    run = pages_run(group=40.0, group_queries=(17,))
    run["pages"]["group"]["booked"] = figures(12.0, (2,))
    booked = targets.Side.from_results("new", [run])
    earlier = targets.Side.from_results("old", [pages_run()])

    assert row(targets.rows(booked), "group page, rendered")["met"] is False
    after = row(targets.rows(booked), "group page, rendered after a booking")
    assert (after["current"], after["met"]) == ("6.0× floor, 2 queries", True)
    assert row(targets.rows(earlier), "group page, rendered after a booking")["current"] == "not measured"


def test_a_page_over_its_query_budget_or_with_varying_counts_is_not_met():
    over = targets.Side.from_results("new", [pages_run(group=4.0, group_queries=(22,))])
    varying = targets.Side.from_results("new", [pages_run(group=4.0, group_queries=(11, 12))])

    assert row(targets.rows(over), "group page, rendered")["met"] is False
    assert row(targets.rows(varying), "group page, rendered")["current"] == "2.0× floor, 11/12 queries"
    assert row(targets.rows(varying), "group page, rendered")["met"] is False


def test_the_cached_group_feed_must_run_no_query():
    side = targets.Side.from_results("new", [pages_run()])

    feed = row(targets.rows(side), "one group's feed, built / cached")

    assert feed["current"] == "4.5× / 1.4× floor, 2 queries cached"
    assert feed["met"] is False


def test_search_is_left_out_of_the_pages_served_from_the_cache():
    side = targets.Side.from_results("new", [pages_run(cached=3.0)])

    cached = row(targets.rows(side), "any page or feed from the cache")

    assert cached["current"] == "worst home 1.5× floor"
    assert cached["met"] is True


def test_the_earlier_commit_is_shown_beside_the_current_one_with_their_ratio():
    earlier = targets.Side.from_results("74ec126", [pages_run(group=40.0)])
    current = targets.Side.from_results("abc1234", [pages_run(group=10.0)])

    group = row(targets.rows(current, earlier), "group page, rendered")

    assert group["earlier"] == "20.0× floor, 12 queries"
    assert group["current"] == "5.0× floor, 12 queries"
    assert group["ratio"] == "0.25"


def test_bookings_per_second_are_met_only_at_three_times_the_earlier_commit_for_both_client_counts():
    earlier = targets.Side.from_results("old", [booking_run(per_second=(10.0, 10.0))])
    both = targets.Side.from_results("new", [booking_run(per_second=(31.0, 30.0))])
    one = targets.Side.from_results("new", [booking_run(per_second=(31.0, 29.0))])

    faster = row(targets.rows(both, earlier), "bookings per second, 2 processes, PostgreSQL, 8 and 16 clients")

    assert faster["current"] == "31.0/s with 8, 30.0/s with 16"
    assert faster["ratio"] == "3.10 / 3.00"
    assert faster["met"] is True
    assert row(targets.rows(one, earlier), faster["figure"])["met"] is False
    assert row(targets.rows(both), faster["figure"])["met"] is None


def test_the_booking_post_is_judged_on_server_time():
    side = targets.Side.from_results("new", [booking_run(post_ms=25.0)])

    post = row(targets.rows(side), "confirmed booking POST, PostgreSQL")

    assert post["current"] == "25.0 ms, 14 queries"
    assert post["met"] is False


def test_ten_times_the_data_is_the_worst_slowdown_of_any_page_or_feed():
    small = pages_run(scale=1)
    large = pages_run(scale=10, group=40.0, rss_mib=160.0)
    side = targets.Side.from_results("new", [small, large])

    rows = targets.rows(side)

    assert row(rows, "10× the data (500 groups), any page or feed")["current"] == "worst group cold ×2.50"
    assert row(rows, "10× the data (500 groups), any page or feed")["met"] is False
    memory = row(rows, "one app worker's memory (RSS after serving every page and feed) at 10× data")
    assert (memory["current"], memory["met"]) == ("160 MiB", False)


def test_what_was_not_run_is_not_measured_rather_than_met():
    side = targets.Side.from_results("new", [pages_run()])

    rows = targets.rows(side)

    assert row(rows, "10× the data (500 groups), any page or feed")["met"] is None
    assert row(rows, "confirmed booking POST, PostgreSQL")["current"] == "not measured"
    memory = row(rows, "one app worker's memory (RSS after serving every page and feed) at 10× data")
    assert (memory["current"], memory["met"]) == ("120 MiB at 1× (10× not run)", None)


def test_a_missing_time_prints_a_dash_and_no_ratio():
    assert targets.times(math.nan) == "–"
    assert targets.ratio(3.0, math.nan) != targets.ratio(3.0, math.nan)
    assert targets.ratio_text(None, targets.Measured("x", (1.0,))) == "–"


def test_the_table_has_one_line_per_target_and_the_earlier_commit_first():
    earlier = targets.Side.from_results("74ec126", [pages_run()])
    current = targets.Side.from_results("abc1234", [pages_run()])

    lines = targets.table(current, earlier).splitlines()

    assert lines[0] == "| figure | target | earlier (74ec126) | current (abc1234) | current / earlier | met? |"
    assert len(lines) == 2 + len(targets.TARGETS)
    assert "| group page, rendered | ≤ 8× floor, ≤ 12 queries | 8.0× floor, 12 queries |" in lines[2]


def test_the_issue_workload_meets_monday_to_friday_at_its_five_times_for_90_minutes():
    meetings = [group_meeting(number, "issue") for number in range(50)]

    assert {day for day, _, _ in meetings} == set(ISSUE_DAYS)
    assert {time for _, time, _ in meetings} == set(ISSUE_TIMES)
    assert {minutes for _, _, minutes in meetings} == {ISSUE_LENGTH}
    # 25 day and time pairs, two groups at each.
    assert all(meetings.count(meeting) == 2 for meeting in meetings)
