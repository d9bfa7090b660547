"""Bookings through the public form, against two app processes on PostgreSQL.

    .venv/bin/python bench/booking.py --clients 8 --bookings 400

Builds the benchmark data set in a throwaway PostgreSQL database, starts two gunicorn
app processes (as two hosts behind a load balancer would be), a private Redis and the
task worker that sends the confirmation emails, then books as families do: GET the
session's page, POST the form with its CSRF token, follow the redirect to the
family's confirmation page.

Prints the time to a confirmed booking (those three requests, one family at a time)
and the bookings per second that several families booking at once get through,
then checks in the database that every confirmed booking is there and that no
session holds more adults than it has places.
"""

import argparse
import ipaddress
import itertools
import json
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.httpbench import Client, form_body, load_average, percentile, post_form  # noqa: E402
from bench.serve import served_site  # noqa: E402

BOOKABLE_SESSIONS = """
from django.utils import timezone
from events.models import Session
from events.models.schedules import BookingMode, SessionStatus
from wagtail.models import Page
live = Page.objects.live().public().values("pk")
result = list(
    Session.objects.filter(
        start__gt=timezone.now(), status=SessionStatus.SCHEDULED, booking_mode=BookingMode.BOOK, page__in=live
    ).order_by("start", "pk").values_list("pk", "adult_places")
)
"""

CHECK = """
from django.db.models import F, Q, Sum
from events.models import Booking, Session
from events.models.bookings import LIVE_BOOKING_STATUSES
confirmed = Booking.objects.filter(contact__email__endswith="@bench.example", status__in=LIVE_BOOKING_STATUSES)
over = (
    Session.objects.annotate(booked=Sum("bookings__adults", filter=Q(bookings__status__in=LIVE_BOOKING_STATUSES)))
    .filter(booked__gt=F("adult_places"))
    .count()
)
result = {"confirmed": confirmed.count(), "sessions_over_capacity": over}
"""


class Family:
    """One family booking one session, the way a browser would."""

    counter = itertools.count(1)
    lock = threading.Lock()

    def __init__(self, base_url: str):
        self.client = Client(base_url)
        with Family.lock:
            self.number = next(Family.counter)
        # Each family comes from its own address, as real families do, so the
        # per-address rate limit sees them apart (the app trusts one proxy hop here).
        address = ipaddress.IPv4Address("10.0.0.0") + self.number
        self.headers = {"X-Forwarded-For": str(address)}
        self.origin = "https://" + urllib.parse.urlsplit(base_url).netloc
        self.email = f"family{self.number}@bench.example"

    def book(self, session_id: int) -> dict:
        started = time.perf_counter()
        page = self.client.get(f"/sessions/{session_id}/", headers=self.headers)
        if page.status != 200:
            return {"ok": False, "why": f"GET {page.status}"}
        action, fields = post_form(page.text, containing="first_name")
        fields.update(
            first_name="Bench",
            email=self.email,
            adults="1",
            children="0",
            consent="on",
            action="book",
        )
        posted_at = time.perf_counter()
        answer = self.client.request(
            "POST",
            action or f"/sessions/{session_id}/",
            body=form_body(fields),
            headers={
                **self.headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": f"{self.origin}/sessions/{session_id}/",
            },
        )
        post_ms = (time.perf_counter() - posted_at) * 1000
        location = answer.headers.get("Location", "")
        if answer.status != 302 or "/booking/" not in location:
            return {"ok": False, "why": f"POST {answer.status}"}
        confirmation = self.client.get(urllib.parse.urlsplit(location).path + "?booked=1", headers=self.headers)
        total_ms = (time.perf_counter() - started) * 1000
        if confirmation.status != 200:
            return {"ok": False, "why": f"confirmation {confirmation.status}"}
        return {
            "ok": True,
            "total_ms": total_ms,
            "post_ms": post_ms,
            "post_server_ms": answer.server_ms,
            "queries": answer.queries,
        }

    def close(self):
        self.client.close()


def _sessions_with_room(sessions, bookings: int):
    """Session ids to book, one adult each, spread over many sessions and never past capacity."""
    chosen = []
    for session_id, places in sessions:
        chosen.extend([session_id] * min(places, 3))
        if len(chosen) >= bookings:
            break
    if len(chosen) < bookings:
        raise RuntimeError(f"only {len(chosen)} places to book; ask for fewer bookings")
    return chosen[:bookings]


def time_to_confirmed(urls, session_ids) -> dict:
    results = []
    for index, session_id in enumerate(session_ids):
        family = Family(urls[index % len(urls)])
        results.append(family.book(session_id))
        family.close()
    ok = [r for r in results if r["ok"]]
    return {
        "bookings": len(ok),
        "failed": len(results) - len(ok),
        "median_ms": statistics.median(r["total_ms"] for r in ok),
        "p95_ms": percentile([r["total_ms"] for r in ok], 0.95),
        "post_median_ms": statistics.median(r["post_ms"] for r in ok),
        # The POST as the server measured it (bench/server_timing.py), without the network.
        "post_server_median_ms": statistics.median(r["post_server_ms"] for r in ok),
        "post_queries": sorted({r["queries"] for r in ok}),
    }


def bookings_per_second(urls, session_ids, *, clients: int) -> dict:
    queue = list(reversed(session_ids))
    lock = threading.Lock()
    results = []

    def work(client_index):
        for turn in itertools.count(client_index):
            with lock:
                if not queue:
                    return
                session_id = queue.pop()
            # Alternate between the app processes, as a load balancer would.
            family = Family(urls[turn % len(urls)])
            outcome = family.book(session_id)
            family.close()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = [r for r in results if r["ok"]]
    failures = sorted({r["why"] for r in results if not r["ok"]})
    return {
        "clients": clients,
        "bookings": len(ok),
        "failed": len(results) - len(ok),
        "failures": failures,
        "seconds": elapsed,
        "per_second": len(ok) / elapsed,
        "median_ms": statistics.median(r["total_ms"] for r in ok) if ok else float("nan"),
        "p95_ms": percentile([r["total_ms"] for r in ok], 0.95),
    }


def run(
    *,
    scale: int = 1,
    clients: int | list[int] = 8,
    bookings: int = 400,
    sequential: int = 50,
    workers: int = 2,
    workload: str = "issue",
    root: Path | None = None,
    tree: str = "this tree",
) -> dict:
    """Book through the form; with a list of `clients`, `bookings` bookings for each number of families.

    `root` serves another checkout (an earlier commit's worktree) instead of this one.
    """
    client_counts = [clients] if isinstance(clients, int) else list(clients)
    print(
        f"\n== Booking through the form: {tree}, postgres, scale {scale}, two app processes (building...)",
        flush=True,
    )
    where = {"root": root} if root else {}
    with served_site(
        workload=workload,
        **where,
        db="postgres",
        scale=scale,
        processes=2,
        workers=workers,
        redis=True,
        task_worker=True,
        extra_env={"TRUSTED_PROXY_COUNT": "1"},
    ) as site:
        sessions = site.python(BOOKABLE_SESSIONS)
        print(f"   load average before measuring: {load_average()}", flush=True)
        chosen = _sessions_with_room(sessions, sequential + bookings * len(client_counts))
        one_at_a_time = time_to_confirmed(site.urls, chosen[:sequential])
        print(
            f"   time to a confirmed booking (GET form, POST, confirmation page), one family at a time, "
            f"{one_at_a_time['bookings']} bookings: median {one_at_a_time['median_ms']:.1f} ms, "
            f"p95 {one_at_a_time['p95_ms']:.1f} ms (the POST alone: median {one_at_a_time['post_median_ms']:.1f} ms, "
            f"{one_at_a_time['post_server_median_ms']:.1f} ms in the server, "
            f"{','.join(map(str, one_at_a_time['post_queries']))} queries)",
            flush=True,
        )
        by_clients = {}
        for index, count in enumerate(client_counts):
            start = sequential + index * bookings
            concurrent = bookings_per_second(site.urls, chosen[start : start + bookings], clients=count)
            by_clients[count] = concurrent
            print(
                f"   {count} families at once over {len(site.urls)} app processes x {workers} workers: "
                f"{concurrent['bookings']} bookings in {concurrent['seconds']:.1f} s = {concurrent['per_second']:.1f} "
                f"bookings/s; each took median {concurrent['median_ms']:.1f} ms, p95 {concurrent['p95_ms']:.1f} ms; "
                f"failed: {concurrent['failed']} {concurrent['failures'] or ''}",
                flush=True,
            )
        check = site.python(CHECK)
        expected = one_at_a_time["bookings"] + sum(c["bookings"] for c in by_clients.values())
        print(
            f"   in the database: {check['confirmed']} confirmed bookings (expected {expected}); "
            f"sessions over capacity: {check['sessions_over_capacity']}",
            flush=True,
        )
        return {
            "db": "postgres",
            "scale": scale,
            "tree": tree,
            "time_to_confirmed": one_at_a_time,
            "concurrent": by_clients[client_counts[0]],
            "concurrent_by_clients": {str(count): figures for count, figures in by_clients.items()},
            "check": {**check, "expected": expected},
        }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--clients", type=int, nargs="+", default=[8], help="families booking at the same time")
    parser.add_argument("--bookings", type=int, default=400, help="bookings made by the concurrent families")
    parser.add_argument("--workload", choices=["issue", "mixed"], default="issue", help="which data set")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = run(scale=args.scale, clients=args.clients, bookings=args.bookings, workload=args.workload)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
