"""Every benchmark in one command, with the budgets of the performance issue checked.

    .venv/bin/python bench/run.py                        # SQLite and PostgreSQL, scale 1 and 10
    .venv/bin/python bench/run.py --db postgres --scale 1
    .venv/bin/python bench/run.py --db sqlite --scale 1 10 --no-booking

Runs bench/pages.py for each database and scale asked for, and bench/booking.py on
PostgreSQL, then prints each budget with the figure measured and whether it is met,
and apart from the pages' own weight the fonts a page in each language adds
(bench/fonts.py). The figures are also written to bench/results/<date-time>.json.
"""

import argparse
import datetime as dt
import json
import math
import platform
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import booking, fonts, pages  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
QUERY_BUDGET = 12
SERVER_MS_BUDGETS = {"group": 25.0, "area": 25.0, "workshop": 25.0}
SITE_FEED_MS_BUDGET = 15.0
NOT_MODIFIED_MS_BUDGET = 5.0
SLOWDOWN_BUDGET = 2.0
WEIGHT_BUDGET_BYTES = 100 * 1024


def machine() -> str:
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.split("\n")[1].split()
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    cpu = ""
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cores} cores ({cpu}), {memory[1]} memory, Python {platform.python_version()}, {platform.system()}"


def _verdict(ok: bool | None) -> str:
    return {True: "met", False: "NOT MET", None: "not measured"}[ok]


def budgets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    """(budget, figure, met) for every budget that the runs measured."""
    by_key = {(r["db"], r["scale"]): r for r in results if "pages" in r}
    lines = []

    for (db, scale), run in sorted(by_key.items()):
        counts = {label: figures["routed"]["queries"] for label, figures in run["pages"].items()}
        counts.update({label: figures["full"]["queries"] for label, figures in run["feeds"].items()})
        worst = max((max(q) for q in counts.values() if q), default=None)
        fixed = all(len(q) == 1 for q in counts.values())
        lines.append(
            (
                f"{db} scale {scale}: every page and feed at most {QUERY_BUDGET} queries, the same on every request",
                ", ".join(f"{label} {'/'.join(map(str, q))}" for label, q in counts.items()),
                worst is not None and worst <= QUERY_BUDGET and fixed,
            )
        )
        cold = {label: figures["cold"]["queries"] for label, figures in run["pages"].items()}
        lines.append(
            (
                f"{db} scale {scale}: the same with nothing cached (first request after a change)",
                ", ".join(f"{label} {'/'.join(map(str, q))}" for label, q in cold.items()),
                all(q and max(q) <= QUERY_BUDGET for q in cold.values()),
            )
        )

    for db in ("sqlite", "postgres"):
        small, large = by_key.get((db, 1)), by_key.get((db, 10))
        if not (small and large):
            continue
        same = all(
            small["pages"][label]["routed"]["queries"] == large["pages"][label]["routed"]["queries"]
            for label in small["pages"]
            if label in large["pages"]
        ) and all(
            small["feeds"][label]["full"]["queries"] == large["feeds"][label]["full"]["queries"]
            for label in small["feeds"]
            if label in large["feeds"]
        )
        lines.append((f"{db}: the same number of queries at 10 times the data", "compared page by page", same))
        # Wall-clock time on a shared machine swings with the load average, which was
        # not the same during the two runs; the CPU time the request's thread used
        # does not, so both are shown and the verdict is on CPU time.
        figures = {}
        for label in small["pages"]:
            if label in large["pages"]:
                for mode in ("routed", "cold"):
                    figures[f"{label} {mode}"] = (small["pages"][label][mode], large["pages"][label][mode])
        for label in small["feeds"]:
            if label in large["feeds"]:
                figures[label] = (small["feeds"][label]["full"], large["feeds"][label]["full"])
        cpu_ratios = {
            label: large_run["cpu_median_ms"] / max(small_run["cpu_median_ms"], 0.01)
            for label, (small_run, large_run) in figures.items()
        }
        wall_ratios = {
            label: large_run["server_median_ms"] / max(small_run["server_median_ms"], 0.01)
            for label, (small_run, large_run) in figures.items()
        }
        lines.append(
            (
                f"{db}: at 10 times the data nothing more than {SLOWDOWN_BUDGET:g} times as slow (CPU time)",
                ", ".join(f"{label} x{cpu_ratios[label]:.2f} (wall x{wall_ratios[label]:.2f})" for label in cpu_ratios),
                all(ratio <= SLOWDOWN_BUDGET for ratio in cpu_ratios.values()) if cpu_ratios else None,
            )
        )

    base = by_key.get(("postgres", 1))
    if base:
        for label, limit in SERVER_MS_BUDGETS.items():
            figures = base["pages"].get(label)
            if not figures:
                lines.append((f"postgres scale 1: {label} page median under {limit:g} ms", "no such page", None))
                continue
            routed, cold = figures["routed"]["server_median_ms"], figures["cold"]["server_median_ms"]
            lines.append(
                (
                    f"postgres scale 1: {label} page median server time under {limit:g} ms (rendered)",
                    f"{routed:.1f} ms rendered, {cold:.1f} ms with nothing cached, "
                    f"{figures['cached']['server_median_ms']:.2f} ms from the page cache",
                    routed < limit,
                )
            )
        feed = base["feeds"].get("site feed")
        if feed:
            lines.append(
                (
                    f"postgres scale 1: whole-site feed median server time under {SITE_FEED_MS_BUDGET:g} ms",
                    f"{feed['full']['server_median_ms']:.1f} ms",
                    feed["full"]["server_median_ms"] < SITE_FEED_MS_BUDGET,
                )
            )
        repeats = {label: figures["repeat"] for label, figures in base["feeds"].items()}
        if repeats:
            lines.append(
                (
                    f"postgres scale 1: repeat fetch of an unchanged feed answers 304 in under "
                    f"{NOT_MODIFIED_MS_BUDGET:g} ms",
                    ", ".join(
                        f"{label} {figures['status']} in {figures['server_median_ms']:.1f} ms"
                        for label, figures in repeats.items()
                    ),
                    all(
                        figures["status"] == 304 and figures["server_median_ms"] < NOT_MODIFIED_MS_BUDGET
                        for figures in repeats.values()
                    ),
                )
            )

    for (db, scale), run in sorted(by_key.items()):
        for label in ("home", "group"):
            figures = run["pages"].get(label, {}).get("cached")
            if figures:
                lines.append(
                    (
                        f"{db} scale {scale}: {label} page under 100 KB on the wire without images",
                        f"{figures['wire_bytes'] / 1024:.1f} KB with gzip, "
                        f"{figures['content_bytes'] / 1024:.1f} KB of HTML",
                        figures["wire_bytes"] < WEIGHT_BUDGET_BYTES,
                    )
                )
        images = run.get("images")
        if images is not None:
            lines.append(
                (
                    f"{db} scale {scale}: images are resized renditions in a modern format with width and height",
                    images["summary"],
                    images["ok"],
                )
            )
    return lines


def print_budgets(results, machine_description: str) -> bool:
    print(f"\n== Budgets (machine: {machine_description})")
    all_met = True
    for budget, figure, met in budgets(results):
        print(f"   [{_verdict(met):^12}] {budget}\n                  {figure}")
        all_met = all_met and met is not False
    for result in results:
        if "concurrent" in result:
            concurrent, one = result["concurrent"], result["time_to_confirmed"]
            print(
                f"   [{'measured':^12}] booking, postgres scale {result['scale']}: time to a confirmed booking "
                f"median {one['median_ms']:.1f} ms; {concurrent['per_second']:.1f} bookings/s with "
                f"{concurrent['clients']} families at once; {result['check']['confirmed']} confirmed of "
                f"{result['check']['expected']} expected, {result['check']['sessions_over_capacity']} sessions "
                "over capacity"
            )
    return all_met


def print_fonts(font_figures: dict) -> None:
    """The fonts by language, apart from the pages: the budgets above are the pages' own bytes."""
    print("\n== Fonts a page adds, by language (a first visit on a phone without them; none on one with them)")
    print(fonts.report(font_figures))


def markdown(results: list[dict], font_figures: dict | None = None) -> str:
    """The figures as Markdown tables, for bench/README.md."""
    lines = []
    if font_figures:
        lines += ["Fonts a page adds, by language:", "", fonts.markdown(font_figures), ""]
    for run in results:
        if "pages" not in run:
            continue
        lines += [
            f"{run['db']}, scale {run['scale']} (load average {run.get('load_average_after', '?')}):",
            "",
            "| what | mode | median ms | p95 ms | CPU ms | queries | on the wire | HTML |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        rows = [(label, mode, figures) for label, modes in run["pages"].items() for mode, figures in modes.items()]
        rows.append(("static file (floor)", "", run["floor"]))
        rows += [(label, mode, figures) for label, modes in run["feeds"].items() for mode, figures in modes.items()]
        for label, mode, figures in rows:
            lines.append(
                f"| {label} | {mode} | {figures['server_median_ms']:.1f} | {figures['server_p95_ms']:.1f} | "
                f"{figures['cpu_median_ms']:.1f} | {'/'.join(map(str, figures['queries']))} | "
                f"{figures['wire_bytes']:,} B | {figures['content_bytes']:,} B |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--no-booking", action="store_true", help="skip the booking benchmark")
    args = parser.parse_args(argv)

    description = machine()
    font_figures = fonts.measure()
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in databases:
        for scale in args.scale:
            results.append(pages.run(db=db, scale=scale, requests=args.requests))
    if not args.no_booking and "postgres" in databases:
        results.append(booking.run(scale=min(args.scale)))

    all_met = print_budgets(results, description)
    print_fonts(font_figures)
    print("\n== The same figures as Markdown\n")
    print(markdown(results, font_figures))
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"{stamp}.json"
    path.write_text(
        json.dumps({"machine": description, "results": results, "fonts": font_figures}, indent=2, default=_json_default)
    )
    print(f"\nFigures written to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0 if all_met else 1


def _json_default(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, set):
        return sorted(value)
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
