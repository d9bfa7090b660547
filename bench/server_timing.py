"""Middleware for benchmark servers: SQL queries and server time on every response.

`X-Gather-Queries` counts the queries a request ran on every database connection;
`Server-Timing` (the standard header browsers' developer tools show) gives the time
spent inside Django and inside the database, in milliseconds, and the CPU time the
request's thread used, which other processes on a busy machine do not inflate. Counting works with
DEBUG off through connection.execute_wrapper, so the server runs production code.

A request carrying `X-Bench-Booked: <session id>` is preceded, outside what is counted and
timed, by what a booking on that session leaves behind once it commits: the cached pages and
feeds it makes stale are marked so, exactly as the booking services' after-commit callback
does. The benchmark so measures the first render after a booking.
"""

import time

from django.db import connections, transaction

BOOKED_HEADER = "HTTP_X_BENCH_BOOKED"


def _as_after_a_booking(session_id: int) -> None:
    with transaction.atomic():
        try:
            from events.cache_versions import bookings_changed
        except ImportError:
            # Earlier commits: any booking replaced the site's one content version.
            from web.page_cache import content_changed

            content_changed()
        else:
            bookings_changed(session_ids=[session_id])


class _QueryCounter:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if booked := request.META.get(BOOKED_HEADER):
            _as_after_a_booking(int(booked))
        counter = _QueryCounter()
        started = time.perf_counter()
        cpu_started = time.thread_time()
        wrapped = []
        for connection in connections.all():
            connection.execute_wrappers.append(counter)
            wrapped.append(connection)
        try:
            response = self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(counter)
        elapsed = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started
        response["X-Gather-Queries"] = str(counter.count)
        response["Server-Timing"] = (
            f"app;dur={elapsed * 1000:.2f}, db;dur={counter.seconds * 1000:.2f}, cpu;dur={cpu * 1000:.2f}"
        )
        return response
