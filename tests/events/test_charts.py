"""The bar geometry the funder report's charts are drawn from (events/charts.py)."""

import pytest

from events.charts import LOOKS, Series, bar_chart, column_chart, nice_maximum, wrap


def columns(**overrides):
    options = {
        "slug": "chart-test",
        "title": "Attendances by month",
        "description": "Adults and children",
        "category_heading": "Month",
        "categories": ["Jan 2025", "Feb 2025", "Mar 2025"],
        "series": [Series("Adults", [9, 1, 6]), Series("Children", [10, 1, 3])],
    }
    return column_chart(**{**options, **overrides})


def bars(**overrides):
    options = {
        "slug": "chart-test",
        "title": "Groups compared",
        "description": "Attendances per group",
        "category_heading": "Group",
        "categories": ["Dads' Group", "Mums' Space", "Peebles Toddlers"],
        "series": [Series("Attendances", [4, 10, 16])],
    }
    return bar_chart(**{**options, **overrides})


@pytest.mark.parametrize(
    ("largest", "top"), [(0, 5), (1, 5), (5, 5), (7, 10), (19, 25), (30, 50), (100, 100), (101, 125), (350, 500)]
)
def test_the_scale_ends_at_a_round_number_at_or_above_the_largest_value(largest, top):
    assert nice_maximum(largest) == top


def test_upright_bars_are_as_tall_as_their_values_on_one_scale():
    chart = columns()

    # Scale 0 to 10: the 10 children of January reach the top line, the 1 adult of February a tenth of it.
    heights = {(bar.series, bar.text): bar.height for bar in chart.bars}
    top, bottom = chart.ticks[-1].y1, chart.ticks[0].y1
    assert chart.ticks[-1].value == "10"
    assert heights[(1, "10")] == pytest.approx(bottom - top)
    assert heights[(0, "1")] == pytest.approx((bottom - top) / 10)
    assert all(bar.y + bar.height == pytest.approx(bottom) for bar in chart.bars)


def test_each_month_has_its_bars_side_by_side_inside_the_chart():
    chart = columns()

    assert len(chart.bars) == 6
    for month in range(3):
        adults, children = chart.bars[2 * month], chart.bars[2 * month + 1]
        assert adults.x + adults.width == pytest.approx(children.x)
        assert adults.x >= 0 and children.x + children.width <= chart.width
    assert [bar.x for bar in chart.bars] == sorted(bar.x for bar in chart.bars)
    assert all(bar.y >= 0 and bar.y + bar.height <= chart.height for bar in chart.bars)


def test_two_series_get_a_legend_and_looks_told_apart_without_colour():
    chart = columns()

    assert [item.name for item in chart.legend] == ["Adults", "Children"]
    assert len({look.pattern for _index, look in chart.looks}) == 2
    assert len({look.pattern for look in LOOKS}) == len(LOOKS)
    assert not bars().legend


def test_lying_bars_are_as_long_as_their_values_and_stacked_in_order():
    chart = bars()

    widths = [bar.width for bar in chart.bars]
    assert widths[2] == pytest.approx(widths[0] * 4)
    assert [bar.y for bar in chart.bars] == sorted(bar.y for bar in chart.bars)
    assert all(bar.x + bar.width + 40 <= chart.width for bar in chart.bars)
    assert [label.lines for label in chart.labels] == [["Dads' Group"], ["Mums' Space"], ["Peebles Toddlers"]]


def test_a_long_group_name_is_wrapped_and_shortened_but_kept_whole_for_the_table():
    name = "Scottish Borders West Toddlers, Parents and Carers Coffee Morning at the Burgh Hall"

    chart = bars(categories=[name], series=[Series("Attendances", [3])])

    [label] = chart.labels
    assert len(label.lines) == 2 and label.lines[-1].endswith("…")
    assert label.full == name
    assert chart.rows == [(name, ["3"])]


def test_the_chart_grows_with_the_groups_so_that_a_phone_scales_it_whole():
    few, many = bars(), bars(categories=[f"Group {n}" for n in range(12)], series=[Series("Attendances", [1] * 12)])

    assert many.height > few.height * 3
    assert many.width == few.width


def test_values_read_as_given_in_the_table_and_beside_the_bars():
    chart = bars(
        categories=["Often or always", "Never"],
        series=[Series("Families (share)", [4, 2], texts=["4 (36%)", "2 (18%)"])],
    )

    assert chart.rows == [("Often or always", ["4 (36%)"]), ("Never", ["2 (18%)"])]
    assert [bar.text for bar in chart.bars] == ["4 (36%)", "2 (18%)"]


def test_a_fixed_maximum_holds_percentages_on_a_scale_to_100():
    chart = bars(categories=["Croydon"], series=[Series("First", [67]), Series("Later", [20])], maximum=100, unit="%")

    assert [tick.value for tick in chart.ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert chart.bars[0].width == pytest.approx(chart.bars[1].width * 67 / 20)


def test_nothing_to_draw_still_gives_a_scale():
    chart = columns(series=[Series("Adults", [0, 0, 0]), Series("Children", [0, 0, 0])])

    assert chart.ticks[-1].value == "5"
    assert all(bar.height == 0 for bar in chart.bars)


def test_three_years_of_months_name_every_few_and_leave_the_values_to_the_table():
    months = [f"{month} {year}" for year in (2025, 2026, 2027) for month in ("Jan", "Feb", "Mar", "Apr") * 3]

    chart = columns(categories=months, series=[Series("Adults", [3] * 36), Series("Children", [2] * 36)])

    named = [label.full for label in chart.labels]
    assert 4 <= len(named) <= 12 and named[0] == "Jan 2025"
    assert all(len(line) <= 5 for label in chart.labels for line in label.lines)
    assert not any(bar.text_shown for bar in chart.bars)
    assert len(chart.rows) == 36
    assert columns().bars[0].text_shown


@pytest.mark.parametrize(
    ("text", "lines"),
    [("Mums' Space", ["Mums' Space"]), ("A very long name indeed for a group", ["A very long", "name indeed…"])],
)
def test_wrap(text, lines):
    assert wrap(text, width=12, lines=2) == lines
