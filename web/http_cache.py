"""HTTP validators and cache headers, in one place for every view that needs them.

A view describes its response by a version it can work out cheaply (usually one
aggregate query). That version gives the ETag and the key under which the body is
kept in the shared cache, so an unchanged resource costs one query and a cache read,
a client that already has it gets 304, and any change to the data gives a new
version: nothing stale is ever served, so nothing needs deleting from the cache.
"""

import datetime as dt
import gzip
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# Bodies outlive their version only until the cache evicts them; a day keeps
# yesterday's versions from crowding out today's.
BODY_CACHE_SECONDS = 24 * 60 * 60
# How long other requests wait for one that is building the same body, and how long
# that claim lasts if its process dies while building.
BUILD_WAIT_SECONDS = 10
BUILD_LOCK_SECONDS = 60
# Smaller bodies gain too little from gzip to be worth a second cached copy.
GZIP_MIN_BYTES = 1024
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True)
class Validators:
    """What identifies one state of a resource: a quoted ETag and when it last changed."""

    etag: str
    last_modified: dt.datetime | None = None

    @property
    def last_modified_timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None


def make_etag(*parts: object) -> str:
    """A strong, quoted ETag from the parts that identify a version of a resource."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f'"{digest[:32]}"'


def set_validators(response: HttpResponse, validators: Validators, *, private: bool = False) -> HttpResponse:
    """Add ETag, Last-Modified and Cache-Control to a response.

    `no-cache` lets browsers and proxies keep a copy but makes them ask again every
    time, so a cancelled session is never served from a copy; the ETag makes asking
    again cost a 304. Private resources (a family's own feed) stay out of shared caches.
    """
    response.headers["ETag"] = validators.etag
    if validators.last_modified is not None:
        response.headers["Last-Modified"] = http_date(validators.last_modified_timestamp)
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def not_modified_response(
    request: HttpRequest, validators: Validators, *, private: bool = False
) -> HttpResponse | None:
    """A 304 (or 412) when the client's copy is current, else None."""
    response = get_conditional_response(request, etag=validators.etag, last_modified=validators.last_modified_timestamp)
    if response is None:
        return None
    return set_validators(response, validators, private=private)


def cached_body(key: str, build: Callable[[], bytes], *, timeout: int = BODY_CACHE_SECONDS) -> bytes:
    """The body stored under `key`, building and storing it on a miss.

    `key` must include the resource's version, so a stored body is never stale.
    When a change makes many clients ask for a new version at once, one request
    builds it and the others wait for its copy (up to BUILD_WAIT_SECONDS) instead of
    all building the same thing. Without a working cache each request builds its own.
    """
    body = cache.get(key)
    if body is not None:
        return body
    building_key = f"{key}:building"
    if not cache.add(building_key, True, BUILD_LOCK_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            body = cache.get(key)
            if body is not None:
                return body
            if not cache.get(building_key):  # the builder finished or failed, or the cache is down
                break
    try:
        body = build()
        cache.set(key, body, timeout)
    finally:
        cache.delete(building_key)
    return body


def conditional_response(
    request: HttpRequest,
    *,
    validators: Validators,
    cache_key: str,
    build: Callable[[], bytes],
    content_type: str,
    private: bool = False,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """Answer a GET or HEAD: 304 when the client is current, else the (cached) body.

    A client that accepts gzip gets the body compressed once per version and kept
    in the cache too: the whole-site feed of a large network is hundreds of KB, and
    compressing it on every poll would cost more than everything else together.
    """
    response = not_modified_response(request, validators, private=private)
    if response is not None:
        return response
    compressed = None
    if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        # The compressed copy alone, when it is there: a tenth of the bytes to fetch.
        compressed = cache.get(f"{cache_key}:gzip")
        if compressed is None:
            body = cached_body(cache_key, build)
            if len(body) >= GZIP_MIN_BYTES:
                compressed = gzip.compress(body, compresslevel=9, mtime=0)
                cache.set(f"{cache_key}:gzip", compressed, BODY_CACHE_SECONDS)
    if compressed is None:
        response = HttpResponse(cached_body(cache_key, build), content_type=content_type, headers=headers)
        set_validators(response, validators, private=private)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
    response = HttpResponse(compressed, content_type=content_type, headers=headers)
    set_validators(response, validators, private=private)
    # As Django's GZipMiddleware does: the compressed copy is a weak match of the
    # plain one, and conditional requests compare ETags weakly, so 304s still work.
    response.headers["ETag"] = f"W/{validators.etag}"
    response.headers["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
