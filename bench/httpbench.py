"""Timing HTTP requests against a served site: the measuring half of the benchmarks.

Each request goes over a kept-alive connection, as a browser's would, and asks for
gzip. Besides the round trip seen by the client it records what the server reported
through bench/server_timing.py: its own time and the SQL queries it ran.
"""

import gzip
import html.parser
import http.client
import os
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field

from bench.serve import PROXY_HEADERS

BROWSER_HEADERS = {
    **PROXY_HEADERS,
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "User-Agent": "gather-bench",
}


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    client_ms: float

    def _server_timing(self, metric: str) -> float | None:
        for part in (self.headers.get("Server-Timing") or "").split(","):
            name, _, params = part.strip().partition(";")
            if name == metric:
                return float(params.split("dur=")[1].split(";")[0])
        return None

    @property
    def server_ms(self) -> float | None:
        """Wall-clock time inside Django, from the first middleware in and out."""
        return self._server_timing("app")

    @property
    def cpu_ms(self) -> float | None:
        """CPU time the request's thread used in the server."""
        return self._server_timing("cpu")

    @property
    def queries(self) -> int | None:
        value = self.headers.get("X-Gather-Queries")
        return int(value) if value is not None else None

    @property
    def wire_bytes(self) -> int:
        """Status line, headers and body as they crossed the connection."""
        header_bytes = sum(len(f"{name}: {value}\r\n") for name, value in self.headers.items())
        return len(f"HTTP/1.1 {self.status} XX\r\n") + header_bytes + 2 + len(self.body)

    @property
    def text(self) -> str:
        body = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode()


class Client:
    """One kept-alive connection to one app process."""

    def __init__(self, base_url: str):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, headers=None, body: bytes | None = None) -> Answer:
        headers = {**BROWSER_HEADERS, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle kept-alive connection; a browser would reconnect.
            self.connection.close()
            started = time.perf_counter()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, data, elapsed)

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def close(self) -> None:
        self.connection.close()


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages: other work slows every figure."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figures:
    label: str
    path: str
    status: int
    requests: int
    client_ms: list = field(default_factory=list)
    server_ms: list = field(default_factory=list)
    cpu_ms: list = field(default_factory=list)
    queries: set = field(default_factory=set)
    wire_bytes: int = 0
    body_bytes: int = 0
    content_bytes: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def client_median(self) -> float:
        return statistics.median(self.client_ms)

    @property
    def client_p95(self) -> float:
        return percentile(self.client_ms, 0.95)

    @property
    def server_median(self) -> float:
        return statistics.median(self.server_ms) if self.server_ms else float("nan")

    @property
    def server_p95(self) -> float:
        return percentile(self.server_ms, 0.95)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_ms) if self.cpu_ms else float("nan")

    @property
    def query_count(self) -> int | None:
        """The queries per request; None if they were not the same on every request."""
        return next(iter(self.queries)) if len(self.queries) == 1 else None

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "path": self.path,
            "status": self.status,
            "requests": self.requests,
            "client_median_ms": round(self.client_median, 2),
            "client_p95_ms": round(self.client_p95, 2),
            "server_median_ms": round(self.server_median, 2),
            "server_p95_ms": round(self.server_p95, 2),
            "cpu_median_ms": round(self.cpu_median, 2),
            "queries": sorted(self.queries),
            "wire_bytes": self.wire_bytes,
            "body_bytes": self.body_bytes,
            "content_bytes": self.content_bytes,
            **self.extra,
        }


def measure(
    base_url: str, label: str, path: str, *, requests: int = 200, warmup: int = 10, headers=None, before=None
) -> Figures:
    """Fetch `path` `warmup` times unmeasured, then `requests` times measured.

    `before`, when given, is called (unmeasured) before every request: to empty the
    cache, say, so that every request builds its answer afresh.
    """
    client = Client(base_url)
    try:
        for _ in range(warmup):
            if before:
                before()
            client.get(path, headers=headers)
        figures = None
        for _ in range(requests):
            if before:
                before()
            answer = client.get(path, headers=headers)
            if figures is None:
                figures = Figures(label, path, answer.status, requests)
                figures.wire_bytes = answer.wire_bytes
                figures.body_bytes = len(answer.body)
                figures.content_bytes = len(answer.text.encode()) if answer.body else 0
            elif answer.status != figures.status:
                raise RuntimeError(f"{path} answered {answer.status} after {figures.status}")
            figures.client_ms.append(answer.client_ms)
            if answer.server_ms is not None:
                figures.server_ms.append(answer.server_ms)
                figures.cpu_ms.append(answer.cpu_ms)
            if answer.queries is not None:
                figures.queries.add(answer.queries)
        return figures
    finally:
        client.close()


class _FormReader(html.parser.HTMLParser):
    """The fields of every POST form in a page: what a browser would send back."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "names": set()}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            name = attrs["name"]
            self._form["names"].add(name)
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button"):
                self._form["fields"][name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def post_form(page_html: str, *, containing: str) -> tuple[str, dict]:
    """The action and pre-filled fields of the POST form that has a field named `containing`."""
    reader = _FormReader()
    reader.feed(page_html)
    for form in reader.forms:
        if containing in form["names"]:
            return form["action"], dict(form["fields"])
    raise LookupError(f"no POST form with a {containing!r} field on the page")


def form_body(fields: dict) -> bytes:
    return urllib.parse.urlencode(fields).encode()
