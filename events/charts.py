"""Bar charts as plain geometry, drawn as SVG by templates/events/admin/chart.html.

Why our own and not a chart library: a funder report needs a handful of bars. Libraries
draw them with JavaScript or inline styles, which the strict content security policy
refuses and which neither print reliably nor work without JavaScript. A few rectangles
computed here and drawn by a template scale by their viewBox, print as they are, and
are tested as numbers.

Each series is filled with a colour and a pattern of its own (hatching, dots, cross
hatching) so that the bars still tell apart in greyscale print and for readers who do
not see the colours apart. Every chart carries its figures for the data table beside it.
"""

import math
import textwrap
from dataclasses import dataclass, field

WIDTH = 520
FONT_SIZE = 13
LINE_HEIGHT = 16
# A character of the chart's text is roughly this wide, for wrapping labels to fit.
CHARACTER_WIDTH = 7.2
LEGEND_HEIGHT = 28
TICKS = 5
# Room, in characters, that a category's name below upright bars needs ("Sept", "2025").
COLUMN_LABEL_CHARACTERS = 5


@dataclass(frozen=True)
class Look:
    """How a series is filled: a colour, and a pattern on it in white."""

    colour: str
    pattern: str  # "hatch", "dots", "cross" or "plain"


# Colours from a palette told apart by the common kinds of colour blindness, dark
# enough for the white patterns on them to show; the pattern tells them apart on paper.
LOOKS = (
    Look("#1f4e79", "hatch"),
    Look("#b35900", "dots"),
    Look("#4d7c0f", "cross"),
    Look("#6b3fa0", "plain"),
)


@dataclass
class Series:
    name: str
    values: list[float]
    # How each value reads in the table and beside its bar; the number itself if not given.
    texts: list[str] | None = None

    def text(self, index: int) -> str:
        if self.texts is not None:
            return self.texts[index]
        value = self.values[index]
        return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    text: str
    # Where the value is written: at the end of the bar; not at all on a bar too narrow to hold it.
    text_x: float
    text_y: float
    text_shown: bool = True


@dataclass
class Label:
    """A category's name, wrapped over `lines` and shortened with "…" if too long for its room."""

    x: float
    y: float
    lines: list[str]
    full: str
    anchor: str


@dataclass
class Tick:
    value: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float


@dataclass
class LegendItem:
    series: int
    name: str
    x: float
    y: float

    @property
    def text_x(self) -> float:
        return self.x + 24

    @property
    def text_y(self) -> float:
        return self.y + 14


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    category_heading: str
    categories: list[str]
    series: list[Series]
    horizontal: bool
    # Written after each number of the scale, "%" for shares.
    unit: str = ""
    width: float = WIDTH
    height: float = 0
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    # The axis line the bars stand on.
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)

    @property
    def looks(self) -> list[tuple[int, Look]]:
        return [(index, LOOKS[index % len(LOOKS)]) for index in range(len(self.series))]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The data table: each category with every series' value as it reads."""
        return [
            (category, [series.text(index) for series in self.series]) for index, category in enumerate(self.categories)
        ]


def nice_maximum(value: float) -> float:
    """The top of the scale: at least `value`, split into TICKS steps of 1, 2, 2.5 or 5 times a power of ten.

    Never a step below one, nor of a half: the figures are counts of people and sessions.
    """
    if value <= 0:
        return TICKS
    power = 10 ** math.floor(math.log10(value / TICKS))
    multiples = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    step = next(multiple * power for multiple in multiples if multiple * power * TICKS >= value)
    top = max(step, 1) * TICKS
    return int(top) if float(top).is_integer() else top


def wrap(text: str, *, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` characters, the last shortened with "…" if it did not fit."""
    wrapped = textwrap.wrap(text, width=max(width, 1), break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: max(width - 1, 1)].rstrip() + "…"
    return wrapped


def _tick_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _legend(chart: Chart, top: float) -> float:
    """Lays the legend out in a row (or more) from `top`; returns the height it takes, none for one series."""
    if len(chart.series) < 2:
        return 0
    x, y = 0.0, top
    for index, series in enumerate(chart.series):
        room = 24 + len(series.name) * CHARACTER_WIDTH + 16
        if x and x + room > chart.width:
            x, y = 0.0, y + LEGEND_HEIGHT
        chart.legend.append(LegendItem(index, series.name, x, y))
        x += room
    return y - top + LEGEND_HEIGHT


def _plot_top_and_scale(chart: Chart, *, legend_gap: float, maximum: float | None) -> tuple[float, float]:
    """Lays out the chart's legend; returns where its plot starts and the top of its scale."""
    top = _legend(chart, 0) + legend_gap
    highest = max((max(series.values, default=0) for series in chart.series), default=0)
    return top, maximum or nice_maximum(highest)


def column_chart(
    *,
    slug: str,
    title: str,
    description: str,
    category_heading: str,
    categories: list[str],
    series: list[Series],
    maximum: float | None = None,
    unit: str = "",
) -> Chart:
    """Upright bars, a group of one bar per series for each category (a month, say), from left to right."""
    chart = Chart(slug, title, description, category_heading, categories, series, horizontal=False, unit=unit)
    top, scale_top = _plot_top_and_scale(chart, legend_gap=12, maximum=maximum)
    plot_height, left, label_lines = 220, 44, 2
    bottom = top + plot_height
    chart.height = bottom + 8 + label_lines * LINE_HEIGHT
    plot_width = chart.width - left - 4
    band = plot_width / max(len(categories), 1)
    group = band * 0.8
    bar_width = group / max(len(series), 1)
    chart.axis = (left, bottom, chart.width - 4, bottom)
    for step in range(TICKS + 1):
        value = scale_top * step / TICKS
        y = bottom - plot_height * step / TICKS
        chart.ticks.append(Tick(_tick_text(value) + unit, left, y, chart.width - 4, y, left - 6, y + FONT_SIZE / 3))
    # Over a long period (a three-year grant) the months are too many to name each: every so
    # many is named, and the values are left to the table when the bars are too narrow for them.
    every = max(1, math.ceil(COLUMN_LABEL_CHARACTERS * CHARACTER_WIDTH / band))
    values_fit = bar_width >= 2.5 * CHARACTER_WIDTH
    for index, category in enumerate(categories):
        band_x = left + band * index
        for number, each in enumerate(series):
            height = plot_height * min(each.values[index], scale_top) / scale_top
            x = band_x + (band - group) / 2 + bar_width * number
            chart.bars.append(
                Bar(
                    x,
                    bottom - height,
                    bar_width,
                    height,
                    number,
                    each.text(index),
                    x + bar_width / 2,
                    bottom - height - 4,
                    text_shown=values_fit,
                )
            )
        if index % every == 0:
            chart.labels.append(
                Label(
                    band_x + band / 2,
                    bottom + LINE_HEIGHT + 2,
                    wrap(category, width=int(band * every / CHARACTER_WIDTH), lines=label_lines),
                    category,
                    "middle",
                )
            )
    return chart


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    category_heading: str,
    categories: list[str],
    series: list[Series],
    maximum: float | None = None,
    unit: str = "",
) -> Chart:
    """Bars lying down, one row per category (a group, say), its name to the left in up to two lines.

    Long names are wrapped and shortened rather than squeezed: the table beside has them whole.
    """
    chart = Chart(slug, title, description, category_heading, categories, series, horizontal=True, unit=unit)
    top, scale_top = _plot_top_and_scale(chart, legend_gap=4, maximum=maximum)
    label_width, value_room, bar_height, gap = 160, 76, 18, 14
    left = label_width + 8
    plot_width = chart.width - left - value_room
    row_height = max(bar_height * len(series), 2 * LINE_HEIGHT) + gap
    bottom = top + row_height * len(categories)
    chart.height = bottom + LINE_HEIGHT + 8
    chart.axis = (left, top, left, bottom)
    for step in range(TICKS + 1):
        value = scale_top * step / TICKS
        x = left + plot_width * step / TICKS
        chart.ticks.append(Tick(_tick_text(value) + unit, x, top, x, bottom, x, bottom + LINE_HEIGHT))
    for index, category in enumerate(categories):
        row_top = top + row_height * index + gap / 2
        bars_height = bar_height * len(series)
        bars_top = row_top + (row_height - gap - bars_height) / 2
        for number, each in enumerate(series):
            width = plot_width * min(each.values[index], scale_top) / scale_top
            y = bars_top + bar_height * number
            chart.bars.append(
                Bar(left, y + 1, width, bar_height - 2, number, each.text(index), left + width + 4, y + bar_height - 5)
            )
        lines = wrap(category, width=int(label_width / CHARACTER_WIDTH), lines=2)
        middle = row_top + (row_height - gap) / 2
        chart.labels.append(
            Label(
                label_width,
                middle - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE / 3,
                lines,
                category,
                "end",
            )
        )
    return chart
