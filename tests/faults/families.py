"""Families booking over HTTP, as a browser behind the site's TLS proxy would.

Each family opens the session page, fills in the booking form and sends it; if the
session is full it joins the waiting list. Requests carry the headers a proxy adds
(X-Forwarded-Proto, X-Forwarded-For), so production settings apply unchanged:
secure `__Host-` cookies, CSRF origin checks and per-address rate limits.
"""

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import requests

HIDDEN_INPUT = r'<input[^>]*name="{name}"[^>]*>'
VALUE = re.compile(r'value="([^"]*)"')


def _hidden(html: str, name: str) -> str | None:
    tag = re.search(HIDDEN_INPUT.format(name=re.escape(name)), html)
    if not tag:
        return None
    value = VALUE.search(tag.group(0))
    return value.group(1) if value else None


@dataclass
class Attempt:
    """What one family saw, step by step, and where it ended up."""

    number: int
    email: str
    steps: list[tuple[str, int]] = field(default_factory=list)
    outcome: str = ""
    request_key: str = ""
    detail: str = ""


class Family:
    def __init__(self, number: int, *, timeout: float = 30.0):
        self.number = number
        self.email = f"family{number}@example.org"
        self.address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        self.timeout = timeout
        self.cookies = {}

    def _headers(self, base_url, referer=None):
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.address}
        host = base_url.split("://", 1)[1]
        headers["Origin"] = f"https://{host}"
        if referer:
            headers["Referer"] = f"https://{host}{referer}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return headers

    def _keep_cookies(self, response):
        for header in response.raw.headers.getlist("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value

    def get(self, base_url, path):
        response = requests.get(
            base_url + path, headers=self._headers(base_url), timeout=self.timeout, allow_redirects=False
        )
        self._keep_cookies(response)
        return response

    def post(self, base_url, path, data):
        response = requests.post(
            base_url + path,
            data=data,
            headers=self._headers(base_url, referer=path),
            timeout=self.timeout,
            allow_redirects=False,
        )
        self._keep_cookies(response)
        return response


def _outcome_of(response) -> str:
    if response.status_code == 302:
        location = response.headers.get("Location", "")
        if "booked=1" in location:
            return "booked"
        if "waiting=1" in location:
            return "waiting"
        return f"redirect:{location}"
    if response.status_code == 200:
        return "refused"
    if response.status_code == 503:
        return "unavailable"
    return f"status:{response.status_code}"


def book(
    base_url: str, session_id: int, number: int, *, join_waiting_list=True, request_key=None, typed=None
) -> Attempt:
    """One family's try: open the page, book, and join the waiting list if it is full.

    `typed` replaces what the family types in the form (a phone-only family: no email,
    a mobile number and texts ticked).
    """
    family = Family(number)
    attempt = Attempt(number=number, email=family.email)
    path = f"/sessions/{session_id}/"
    try:
        page = family.get(base_url, path)
        attempt.steps.append(("GET", page.status_code))
        if page.status_code != 200:
            attempt.outcome = _outcome_of(page)
            attempt.detail = page.text[:500]
            return attempt
        attempt.request_key = request_key or _hidden(page.text, "request_key")
        form = {
            "csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"),
            "request_key": attempt.request_key,
            "first_name": f"Parent{number}",
            "email": family.email,
            "adults": "1",
            "children": "1",
            "consent": "on",
            "website": "",
            "action": "book",
            **(typed or {}),
        }
        response = family.post(base_url, path, form)
        attempt.steps.append(("POST book", response.status_code))
        attempt.outcome = _outcome_of(response)
        if attempt.outcome == "refused" and join_waiting_list and 'value="wait"' in response.text:
            response = family.post(base_url, path, {**form, "action": "wait"})
            attempt.steps.append(("POST wait", response.status_code))
            attempt.outcome = _outcome_of(response)
        attempt.detail = response.text[:500] if response.status_code >= 500 else ""
    except requests.RequestException as error:
        attempt.outcome = "connection-error"
        attempt.detail = f"{type(error).__name__}: {error}"
    return attempt


def burst(base_urls: list[str], session_id: int, numbers, *, threads=48, **options) -> list[Attempt]:
    """Many families at once, spread across the app servers in turn."""
    numbers = list(numbers)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [
            pool.submit(book, base_urls[index % len(base_urls)], session_id, number, **options)
            for index, number in enumerate(numbers)
        ]
        return [future.result() for future in futures]


def tally(attempts) -> Counter:
    return Counter(attempt.outcome for attempt in attempts)
