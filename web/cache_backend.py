"""The Redis cache backend, with a circuit breaker for a server that stops answering.

A frozen or unreachable Redis makes every cache call wait out its socket timeout, and
a page makes many cache calls (page cache, versions, menus, rate limits, Wagtail's
own), so half a second per call became seconds per page. django-redis can ignore the
errors but has no way to stop asking, so this is our own: after one call fails for
want of an answer, the cache is skipped in this process for CIRCUIT_BREAKER_SECONDS,
every call behaving as a miss at once; then one trial call goes through, and the
cache is used again as soon as one succeeds. A request so waits at most once.

The outage is logged once, when the breaker opens, and once more when it closes,
instead of one traceback per call (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS stays off).

The state is per process and per server, shared by the threads of a process: Django
makes a cache backend object per thread, so it cannot live on the backend object.
"""

import functools
import logging
import re
import threading
import time

from django.core.cache import caches
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DEFAULT_BREAKER_SECONDS = 30.0
# A server that answers, even with an error, is up; only these mean it did not answer.
_NO_ANSWER = (RedisConnectionError, RedisTimeoutError, OSError)
# Client methods that never talk to the server: they must neither be skipped nor
# count as the trial call that closes the breaker.
_LOCAL_METHODS = frozenset({"close", "lock"})
_HEALTH_PROBE_KEY = "cache-health-probe"
# The server's address goes into the log; a password in REDIS_URL must not.
_URL_CREDENTIALS = re.compile(r"//[^/@]*@")


class CircuitBreaker:
    """Closed: calls go through. Open: calls are refused until `reset_seconds` have passed.

    After that one trial call is let through (half-open); its outcome closes the breaker
    or opens it for another `reset_seconds`.
    """

    def __init__(self, name: str, *, reset_seconds: float, clock=time.monotonic):
        self.name = name
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._opened_at = None
        self._trial_running = False

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def allow(self) -> bool:
        if self._opened_at is None:
            return True
        with self._lock:
            if self._opened_at is None:
                return True
            if self._trial_running or self._clock() - self._opened_at < self.reset_seconds:
                return False
            self._trial_running = True
            return True

    def succeeded(self) -> None:
        if self._opened_at is None:
            return
        with self._lock:
            if self._opened_at is None:
                return
            down_for = self._clock() - self._opened_at
            self._opened_at = None
            self._trial_running = False
        logger.info(
            "The cache server %s is answering again after %.0f seconds; the cache is back in use.",
            self.name,
            down_for,
        )

    def trial_abandoned(self) -> None:
        with self._lock:
            self._trial_running = False

    def failed(self, error: BaseException) -> None:
        with self._lock:
            was_open = self._opened_at is not None
            self._opened_at = self._clock()
            self._trial_running = False
        if not was_open:
            logger.warning(
                "The cache server %s is not answering (%s: %s); working without the cache, "
                "trying it again every %g seconds.",
                self.name,
                type(error).__name__,
                error,
                self.reset_seconds,
            )


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str, *, reset_seconds: float) -> CircuitBreaker:
    with _breakers_lock:
        breaker = _breakers.get(server)
        if breaker is None:
            name = _URL_CREDENTIALS.sub("//", str(server))
            breaker = _breakers[server] = CircuitBreaker(name, reset_seconds=reset_seconds)
        return breaker


def breakers_forget() -> None:
    """Forget every server's state, as a new process would; tests start each case this way."""
    with _breakers_lock:
        _breakers.clear()


class _BreakerGuardedClient:
    """Stands in for django-redis's client, passing each call through the breaker.

    Every method of RedisCache reaches the server through `self.client.<method>(...)`,
    so this is the one place all of them pass. Refused calls raise ConnectionInterrupted
    as a failed call would, so RedisCache answers them exactly as it answers an outage:
    a miss, or the error itself when IGNORE_EXCEPTIONS is off.
    """

    def __init__(self, client, breaker: CircuitBreaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name in _LOCAL_METHODS or not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def guarded(*args, **kwargs):
            if not self._breaker.allow():
                raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                    f"skipped: the cache server {self._breaker.name} did not answer a moment ago"
                )
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                if isinstance(error.__cause__, _NO_ANSWER):
                    self._breaker.failed(error.__cause__)
                else:
                    self._breaker.succeeded()
                raise
            except Exception:
                # Errors raised after an answer (a missing key for incr) still mean the server is up.
                self._breaker.succeeded()
                raise
            except BaseException:
                # Interrupted before we learnt anything: let another call be the trial.
                self._breaker.trial_abandoned()
                raise
            self._breaker.succeeded()
            return result

        return guarded


class CircuitBreakerRedisCache(RedisCache):
    """django-redis's RedisCache, skipping a server that stopped answering for a while.

    OPTIONS["CIRCUIT_BREAKER_SECONDS"] sets how long (default 30 seconds).
    """

    def __init__(self, server: str, params: dict):
        options = dict(params.get("OPTIONS", {}))
        reset_seconds = float(options.pop("CIRCUIT_BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(server, reset_seconds=reset_seconds)

    @property
    def client(self):
        return _BreakerGuardedClient(super().client, self.breaker)


def cache_in_use(alias: str = "default") -> bool:
    """False while this process is working without the cache because its server did not answer.

    Asks the server once when the breaker is closed, so that a process which has not
    used the cache lately still knows; an open breaker answers at once.
    """
    backend = caches[alias]
    breaker = getattr(backend, "breaker", None)
    if breaker is None:
        return True
    backend.has_key(_HEALTH_PROBE_KEY)
    return not breaker.is_open
