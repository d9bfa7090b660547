"""Every benchmark in one command, with the budgets and targets of the performance issue checked.

    .venv/bin/python bench/run.py                        # SQLite and PostgreSQL, scale 1 and 10
    .venv/bin/python bench/run.py --against 74ec126      # the same for an earlier commit, side by side
    .venv/bin/python bench/run.py --quick --against 74ec126   # SQLite, scale 1, fewer requests
    .venv/bin/python bench/run.py --db postgres --scale 1
    .venv/bin/python bench/run.py --db sqlite --scale 1 10 --no-booking

Runs bench/pages.py for each database and scale asked for, and bench/booking.py on
PostgreSQL, then prints each budget with the figure measured and whether it is met,
the issue's targets as multiples of the floor (bench/targets.py), and apart from the
pages' own weight the fonts a page in each language adds (bench/fonts.py). With
`--against COMMIT` every benchmark also runs on that commit, checked out into a
temporary git worktree served with this checkout's .venv and this checkout's bench/
(so both sides are measured the same way), and the targets table shows the earlier
figures beside the current ones. The figures are also written to
bench/results/<date-time>.json.
"""

import argparse
import contextlib
import datetime as dt
import json
import math
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import booking, fonts, pages, targets  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
QUICK_REQUESTS = 30
QUICK_WARMUP = 5
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


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def current_name() -> str:
    """This checkout's commit, marked when it has changes not committed yet."""
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return _git("rev-parse", "--short", "HEAD") + (" with changes" if dirty else "")


class EarlierTree:
    """An earlier commit checked out into a temporary git worktree, removed on exit.

    Its bench/ is replaced by this checkout's, so that both sides build the same data
    set and are measured by the same code; only the application differs.
    """

    def __init__(self, commit: str):
        self.commit = _git("rev-parse", "--short", f"{commit}^{{commit}}")
        self.parent = Path(tempfile.mkdtemp(prefix="gather-against-"))
        self.path = self.parent / "tree"

    def __enter__(self) -> "EarlierTree":
        _git("worktree", "add", "--detach", str(self.path), self.commit)
        shutil.rmtree(self.path / "bench", ignore_errors=True)
        shutil.copytree(ROOT / "bench", self.path / "bench", ignore=shutil.ignore_patterns("results", "__pycache__"))
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(["git", "worktree", "remove", "--force", str(self.path)], cwd=ROOT, check=False)
        shutil.rmtree(self.parent, ignore_errors=True)


def print_targets(current: targets.Side, earlier: targets.Side | None) -> None:
    run = current.reference()
    print("\n== The issue's targets (times as multiples of the floor: the same bytes as a static file, same run)")
    if run:
        for side in [current, earlier] if earlier else [current]:
            reference = side.reference()
            if reference:
                print(
                    f"   {side.name}: pages and feeds on {reference['db']}, scale {reference['scale']}, "
                    f"{reference.get('workload', 'mixed')} workload; "
                    f"floor {reference['floor'][targets.TIME_KEY]:.2f} ms round trip "
                    f"({reference['floor']['server_median_ms']:.2f} ms in the server); "
                    f"load average after: {reference.get('load_average_after', '?')}"
                )
    print()
    print(targets.table(current, earlier))


def markdown(results: list[dict], font_figures: dict | None = None) -> str:
    """The figures as Markdown tables, for bench/README.md."""
    lines = []
    if font_figures:
        lines += ["Fonts a page adds, by language:", "", fonts.markdown(font_figures), ""]
    for run in results:
        if "pages" not in run:
            continue
        lines += [
            f"{run.get('tree', 'this tree')}: {run['db']}, scale {run['scale']}, {run.get('workload', 'mixed')} "
            f"workload (load average {run.get('load_average_after', '?')}):",
            "",
            "| what | mode | median ms | p95 ms | CPU ms | round trip ms | queries | on the wire | HTML |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        rows = [(label, mode, figures) for label, modes in run["pages"].items() for mode, figures in modes.items()]
        rows.append(("static file (floor)", "", run["floor"]))
        rows += [(label, mode, figures) for label, modes in run["feeds"].items() for mode, figures in modes.items()]
        for label, mode, figures in rows:
            lines.append(
                f"| {label} | {mode} | {figures['server_median_ms']:.1f} | {figures['server_p95_ms']:.1f} | "
                f"{figures['cpu_median_ms']:.1f} | {figures['client_median_ms']:.1f} | "
                f"{'/'.join(map(str, figures['queries']))} | "
                f"{figures['wire_bytes']:,} B | {figures['content_bytes']:,} B |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, help=f"measured requests per line (200; {QUICK_REQUESTS} with --quick)")
    parser.add_argument("--no-booking", action="store_true", help="skip the booking benchmark")
    parser.add_argument(
        "--workload", choices=["issue", "mixed"], default="issue", help="which data set (bench/workload.py)"
    )
    parser.add_argument("--against", metavar="COMMIT", help="also measure this earlier commit, side by side")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"SQLite, scale 1, {QUICK_REQUESTS} requests a line, no booking or fonts: a few minutes",
    )
    args = parser.parse_args(argv)
    warmup = 10
    if args.requests is None:
        args.requests = QUICK_REQUESTS if args.quick else 200
    if args.quick:
        args.db, args.scale, args.no_booking, warmup = "sqlite", [1], True, QUICK_WARMUP

    description = machine()
    name = current_name()
    font_figures = {} if args.quick else fonts.measure()
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results, earlier_results = [], []
    with contextlib.ExitStack() as stack:
        earlier = stack.enter_context(EarlierTree(args.against)) if args.against else None
        sides = [(earlier.commit, earlier.path), (name, None)] if earlier else [(name, None)]
        # The two sides alternate, database by database and scale by scale, so that
        # both meet much the same load on a shared machine.
        for db in databases:
            for scale in args.scale:
                for tree, root in sides:
                    found = pages.run(
                        db=db,
                        scale=scale,
                        requests=args.requests,
                        workload=args.workload,
                        root=root,
                        warmup=warmup,
                        tree=tree,
                    )
                    (earlier_results if root else results).append(found)
        if not args.no_booking and "postgres" in databases:
            for tree, root in sides:
                found = booking.run(
                    scale=min(args.scale),
                    clients=list(targets.BOOKING_CLIENTS),
                    workload=args.workload,
                    root=root,
                    tree=tree,
                )
                (earlier_results if root else results).append(found)

    all_met = print_budgets(results, description)
    current_side = targets.Side.from_results(name, results)
    earlier_side = targets.Side.from_results(earlier.commit, earlier_results) if earlier else None
    print_targets(current_side, earlier_side)
    if font_figures:
        print_fonts(font_figures)
    print("\n== The same figures as Markdown\n")
    print(markdown(earlier_results + results, font_figures))
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "machine": description,
                "current": name,
                "results": results,
                "earlier": {"commit": earlier.commit, "results": earlier_results} if earlier else None,
                "targets": targets.rows(current_side, earlier_side),
                "fonts": font_figures,
            },
            indent=2,
            default=_json_default,
        )
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
