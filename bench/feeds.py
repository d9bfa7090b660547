"""Benchmark: calendar feeds and a group page, through the Django test client.

    .venv/bin/python bench/feeds.py [--scale 1] [--requests 40]

Builds bench/workload.py's data set in a throwaway database (a temporary SQLite
file, or a temporary database on the PostgreSQL server DATABASE_URL points at,
dropped afterwards), then asks for the whole-site feed, an area feed, a group feed
and the group page, and prints the median and 95th percentile time, the SQL queries
and the size of each answer:

- "built": the cache emptied before every request, so the file is made from the database;
- "cached": the same version again, answered from the cache;
- "304": a calendar app that already has this version (If-None-Match).

Uses the configured cache: Redis when REDIS_URL is set, else local memory.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def _postgres_database_make(url: str):
    """Create an empty database next to the one `url` names; returns (its url, a function to drop it)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"gather_bench_{secrets.token_hex(4)}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def _django_start(workdir: Path):
    """Point Django at a throwaway database and start it; returns a function that cleans up."""
    drop = None
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"], drop = _postgres_database_make(url)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gather.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    return drop or (lambda: None)


def _percentile_95(values):
    if len(values) < 20:
        return max(values)
    return statistics.quantiles(values, n=20)[18]


def measure(client, path: str, *, requests: int, mode: str) -> dict:
    """Time `requests` GETs of `path` in `mode` ("built", "cached" or "304")."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(path)
    if first.status_code != 200:
        raise SystemExit(f"{path} answered {first.status_code}")
    headers = {"if_none_match": first["ETag"]} if mode == "304" and first.has_header("ETag") else {}
    seconds, queries, statuses, sizes = [], set(), set(), set()
    for _ in range(requests):
        if mode == "built":
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            seconds.append(time.perf_counter() - started)
        queries.add(len(captured))
        statuses.add(response.status_code)
        sizes.add(len(response.content))
    return {
        "median_ms": statistics.median(seconds) * 1000,
        "p95_ms": _percentile_95(seconds) * 1000,
        "queries": "/".join(str(n) for n in sorted(queries)),
        "status": "/".join(str(n) for n in sorted(statuses)),
        "bytes": max(sizes),
    }


def run(*, scale: int, requests: int) -> list[dict]:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from bench.workload import build_workload
    from events.models import GroupPage

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    made = build_workload(scale=scale)
    print(
        f"Built scale {scale} on {connection.vendor} in {time.perf_counter() - started:.0f} s: "
        f"{made['groups']} groups, {made['workshops']} workshops, {made['sessions']} sessions "
        f"({made['cancelled']} cancelled, {made['moved']} moved)."
    )
    group = GroupPage.objects.live().annotate(n=Count("sessions")).order_by("-n", "pk").first()
    area = group.get_parent()
    targets = [
        ("whole-site feed", reverse("events:site_ical"), ["built", "cached", "304"]),
        ("area feed", reverse("events:area_ical", args=[area.pk]), ["built", "cached", "304"]),
        ("group feed", reverse("events:page_ical", args=[group.pk]), ["built", "cached", "304"]),
        ("group page", group.url, ["built", "cached"]),
    ]
    client = Client()
    rows = []
    for label, path, modes in targets:
        for mode in modes:
            rows.append({"what": label, "mode": mode, **measure(client, path, requests=requests, mode=mode)})
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        f"{'what':<16} {'mode':<7} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'status':>7} {'bytes':>9}",
    ]
    for row in rows:
        lines.append(
            f"{row['what']:<16} {row['mode']:<7} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} "
            f"{row['queries']:>8} {row['status']:>7} {row['bytes']:>9}"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="1: 50 groups and 10 workshops; 10: ten times that")
    parser.add_argument("--requests", type=int, default=40, help="requests timed per line")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gather-bench-") as workdir:
        cleanup = _django_start(Path(workdir))
        try:
            rows = run(scale=args.scale, requests=args.requests)
        finally:
            cleanup()
    print(table(rows))


if __name__ == "__main__":
    main()
