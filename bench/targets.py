"""The performance issue's targets, read from the figures of bench/pages.py and bench/booking.py.

Pure functions over the result dictionaries those modules return (and bench/run.py
writes as JSON), so the table can be printed again from a results file and tested
without a server.

Times are compared as multiples of the floor: a static file with the group page's
bytes served by the same app process in the same run. The multiple is of the median
round trip the client saw over a kept-alive connection (request, the whole WSGI app,
response), since the floor's own time inside Django is a tenth of a millisecond and
would make every multiple mostly noise.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

TIME_KEY = "client_median_ms"
QUERY_BUDGET = 12
MEMORY_BUDGET_MIB = 150
BOOKING_POST_BUDGET_MS = 20.0
BOOKING_SPEEDUP_TARGET = 3.0
SLOWDOWN_BUDGET = 2.0
BOOKING_CLIENTS = (8, 16)


@dataclass
class Measured:
    """One side's figure for one target: what to print, the numbers to compare, and the verdict."""

    text: str
    values: tuple[float, ...] = ()
    met: bool | None = None


@dataclass
class Side:
    """All the figures of one checkout in one run."""

    name: str
    pages: dict = field(default_factory=dict)  # (db, scale) -> bench/pages.py result
    booking: dict | None = None

    @classmethod
    def from_results(cls, name: str, results: list[dict]) -> "Side":
        side = cls(name)
        for result in results:
            if "pages" in result:
                side.pages[(result["db"], result["scale"])] = result
            elif "time_to_confirmed" in result:
                side.booking = result
        return side

    def reference(self, scale: int = 1) -> dict | None:
        """The run the page targets are read from: PostgreSQL if it was measured, else SQLite."""
        return self.pages.get(("postgres", scale)) or self.pages.get(("sqlite", scale))


def multiple(figures: dict, floor: dict) -> float:
    """`figures`' median time as a multiple of the floor's."""
    floor_ms = floor.get(TIME_KEY) or 0
    value = figures.get(TIME_KEY)
    if value is None or not floor_ms or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    return value / floor_ms


def times(value: float) -> str:
    """A multiple as printed: 1 decimal, or a dash when it was not measured."""
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.1f}×" if value < 100 else f"{value:.0f}×"


def queries(figures: dict) -> str:
    """The SQL queries per request, exactly: "12", or "12/13" when requests differed."""
    counts = figures.get("queries") or []
    return "/".join(str(count) for count in counts) if counts else "?"


def max_queries(figures: dict) -> int | None:
    counts = figures.get("queries") or []
    return max(counts) if counts else None


def ratio(new: float, old: float) -> float:
    if new is None or old is None or not old or math.isnan(new) or math.isnan(old):
        return math.nan
    return new / old


def ratio_text(new: Measured | None, old: Measured | None) -> str:
    """The current figures over the earlier ones, each to 2 decimals ("0.52 / 1.01")."""
    if not new or not old or not new.values or len(new.values) != len(old.values):
        return "–"
    values = [ratio(n, o) for n, o in zip(new.values, old.values, strict=True)]
    return " / ".join("–" if math.isnan(value) else f"{value:.2f}" for value in values)


def verdict(met: bool | None) -> str:
    return {True: "met", False: "not met", None: "not measured"}[met]


def _at_most(value: float, limit: float) -> bool | None:
    return None if math.isnan(value) else value <= limit


def _rendered(
    label: str, limit: float, *, query_limit: int | None = None, mode: str = "cold"
) -> Callable[[Side], Measured | None]:
    """A page rendered afresh: with nothing cached ("cold", the first visit after a restart or
    a change to the page tree), or as the first visit after a booking on a session it lists
    ("booked")."""

    def measure(side: Side) -> Measured | None:
        run = side.reference()
        figures = run and run["pages"].get(label, {}).get(mode)
        if not figures:
            return None
        value = multiple(figures, run["floor"])
        met = _at_most(value, limit)
        if query_limit is not None and met is not None:
            met = met and (max_queries(figures) or 0) <= query_limit and len(figures["queries"]) == 1
        return Measured(f"{times(value)} floor, {queries(figures)} queries", (value,), met)

    return measure


def _site_feed_built(side: Side) -> Measured | None:
    run = side.reference()
    figures = run and run["feeds"].get("site feed", {}).get("built")
    if not figures:
        return None
    value = multiple(figures, run["floor"])
    return Measured(f"{times(value)} floor, {queries(figures)} queries", (value,), _at_most(value, 20))


def _group_feed(side: Side) -> Measured | None:
    run = side.reference()
    feed = run and run["feeds"].get("group feed", {})
    if not feed or "built" not in feed:
        return None
    built, cached = multiple(feed["built"], run["floor"]), multiple(feed["full"], run["floor"])
    met = None
    if not (math.isnan(built) or math.isnan(cached)):
        met = built <= 4 and cached <= 1.5 and feed["full"]["queries"] == [0]
    return Measured(
        f"{times(built)} / {times(cached)} floor, {queries(feed['full'])} queries cached", (built, cached), met
    )


def from_cache(run: dict) -> dict[str, float]:
    """Every page the page cache can serve and every feed, from the cache, as multiples of the floor.

    Search is not a Wagtail page and is never kept in the page cache, so it is left out.
    """
    found = {
        label: multiple(modes["cached"], run["floor"])
        for label, modes in run["pages"].items()
        if label != "search" and "cached" in modes
    }
    found.update({label: multiple(modes["full"], run["floor"]) for label, modes in run["feeds"].items()})
    return found


def _worst(values: dict[str, float]) -> tuple[str, float]:
    measured = {label: value for label, value in values.items() if not math.isnan(value)}
    if not measured:
        return "", math.nan
    label = max(measured, key=measured.get)
    return label, measured[label]


def _from_cache(side: Side) -> Measured | None:
    run = side.reference()
    if not run:
        return None
    label, value = _worst(from_cache(run))
    return Measured(f"worst {label} {times(value)} floor", (value,), _at_most(value, 1.5))


def slowdowns(small: dict, large: dict) -> dict[str, float]:
    """Each page (rendered and from the cache) and feed (built and from the cache) at 10 times the data,
    as a multiple of its own time at 1 time the data."""
    found = {}
    for label, modes in small["pages"].items():
        for mode in ("cold", "cached"):
            if mode in modes and mode in large["pages"].get(label, {}):
                found[f"{label} {mode}"] = ratio(large["pages"][label][mode][TIME_KEY], modes[mode][TIME_KEY])
    for label, modes in small["feeds"].items():
        for mode in ("built", "full"):
            if mode in modes and mode in large["feeds"].get(label, {}):
                found[f"{label} {mode}"] = ratio(large["feeds"][label][mode][TIME_KEY], modes[mode][TIME_KEY])
    return found


def _ten_times(side: Side) -> Measured | None:
    small, large = side.reference(1), side.reference(10)
    if not (small and large and small["db"] == large["db"]):
        return None
    label, value = _worst(slowdowns(small, large))
    return Measured(f"worst {label} ×{value:.2f}", (value,), _at_most(value, SLOWDOWN_BUDGET))


def _booking_post(side: Side) -> Measured | None:
    if not side.booking:
        return None
    one = side.booking["time_to_confirmed"]
    value = one.get("post_server_median_ms", math.nan)
    counts = "/".join(str(count) for count in one.get("post_queries", [])) or "?"
    return Measured(f"{value:.1f} ms, {counts} queries", (value,), _at_most(value, BOOKING_POST_BUDGET_MS))


def _bookings_per_second(side: Side) -> Measured | None:
    if not side.booking:
        return None
    by_clients = side.booking.get("concurrent_by_clients") or {}
    values = tuple(by_clients.get(str(count), {}).get("per_second", math.nan) for count in BOOKING_CLIENTS)
    text = ", ".join(
        f"{'–' if math.isnan(value) else f'{value:.1f}'}/s with {count}"
        for count, value in zip(BOOKING_CLIENTS, values, strict=True)
    )
    # The verdict needs the earlier commit: see table().
    return Measured(text, values, None)


def _memory(side: Side) -> Measured | None:
    large = side.reference(10)
    run = large or side.reference(1)
    if not run or "memory" not in run:
        return None
    value = run["memory"]["worker_rss_mib_max"]
    if large:
        return Measured(f"{value:.0f} MiB", (value,), value <= MEMORY_BUDGET_MIB)
    return Measured(f"{value:.0f} MiB at 1× (10× not run)", (value,), None)


@dataclass
class Target:
    figure: str
    target: str
    measure: Callable[[Side], Measured | None]
    # Met when the current figures are at least this multiple of the earlier commit's.
    versus_earlier: float | None = None


TARGETS = [
    Target("group page, rendered", f"≤ 8× floor, ≤ {QUERY_BUDGET} queries", _rendered("group", 8, query_limit=12)),
    Target(
        "group page, rendered after a booking",
        f"≤ 8× floor, ≤ {QUERY_BUDGET} queries",
        _rendered("group", 8, query_limit=12, mode="booked"),
    ),
    Target("area listing (50 groups), rendered", "≤ 15× floor", _rendered("area", 15)),
    Target("area listing (50 groups), rendered after a booking", "≤ 15× floor", _rendered("area", 15, mode="booked")),
    Target("home page, rendered", "≤ 8× floor", _rendered("home", 8)),
    Target("home page, rendered after a booking", "≤ 8× floor", _rendered("home", 8, mode="booked")),
    Target("whole-site feed, built", "≤ 20× floor", _site_feed_built),
    Target("one group's feed, built / cached", "≤ 4× / ≤ 1.5× floor, 0 queries cached", _group_feed),
    Target("any page or feed from the cache", "≤ 1.5× floor", _from_cache),
    Target("10× the data (500 groups), any page or feed", "≤ 2× slower than 1×", _ten_times),
    Target(
        "confirmed booking POST, PostgreSQL",
        f"≤ {BOOKING_POST_BUDGET_MS:g} ms server time (and its query count)",
        _booking_post,
    ),
    Target(
        "bookings per second, 2 processes, PostgreSQL, 8 and 16 clients",
        f"≥ {BOOKING_SPEEDUP_TARGET:g}× the earlier commit in the same run",
        _bookings_per_second,
        versus_earlier=BOOKING_SPEEDUP_TARGET,
    ),
    Target(
        "one app worker's memory (RSS after serving every page and feed) at 10× data",
        f"≤ {MEMORY_BUDGET_MIB} MiB",
        _memory,
    ),
]


def rows(current: Side, earlier: Side | None = None) -> list[dict]:
    """One row per target: the figure, its target, both sides, their ratio and the verdict."""
    found = []
    for target in TARGETS:
        new = target.measure(current)
        old = target.measure(earlier) if earlier else None
        met = new.met if new else None
        if target.versus_earlier is not None:
            met = None
            if new and old and new.values:
                ratios = [ratio(n, o) for n, o in zip(new.values, old.values, strict=True)]
                if not any(math.isnan(value) for value in ratios):
                    met = all(value >= target.versus_earlier for value in ratios)
        found.append(
            {
                "figure": target.figure,
                "target": target.target,
                "current": new.text if new else "not measured",
                "earlier": (old.text if old else "not measured") if earlier else None,
                "ratio": ratio_text(new, old) if earlier else None,
                "met": met,
            }
        )
    return found


def table(current: Side, earlier: Side | None = None) -> str:
    """The targets as a Markdown table, the earlier commit beside the current one."""
    if earlier:
        lines = [
            f"| figure | target | earlier ({earlier.name}) | current ({current.name}) | current / earlier | met? |",
            "|---|---|---|---|---:|---|",
        ]
    else:
        lines = [f"| figure | target | current ({current.name}) | met? |", "|---|---|---|---|"]
    for row in rows(current, earlier):
        cells = [row["figure"], row["target"]]
        if earlier:
            cells += [row["earlier"], row["current"], row["ratio"]]
        else:
            cells += [row["current"]]
        cells.append(verdict(row["met"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
