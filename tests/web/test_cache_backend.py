"""The cache backend's circuit breaker, against a private Redis that is frozen with SIGSTOP.

A frozen Redis accepts connections and never answers, the worst kind of outage: every
call waits out its socket timeout unless the backend stops asking.
"""

import logging
import os
import shutil
import signal
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from home.permissions import staff_role_ensure
from tests import factories as f
from tests.faults.servers import PrivateRedis
from web.cache_backend import CircuitBreaker, CircuitBreakerRedisCache, cache_in_use
from web.login_lockout import login_failure_record, login_locked
from web.ratelimit import rate_limit_exceeded

SOCKET_TIMEOUT = 0.3
BREAKER_SECONDS = 1.0
OUTAGE_MESSAGE = "The cache server is not answering; the site is working without it (slower)."

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


class FreezableRedis(PrivateRedis):
    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path):
    server = FreezableRedis(tmp_path / "redis")
    server.start()
    yield server
    server.thaw()
    server.stop()


def cache_config(url):
    return {
        "BACKEND": "web.cache_backend.CircuitBreakerRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": SOCKET_TIMEOUT,
            "CIRCUIT_BREAKER_SECONDS": BREAKER_SECONDS,
        },
    }


def backend_for(server):
    config = cache_config(server.url)
    return CircuitBreakerRedisCache(config["LOCATION"], config)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def breaker_records(caplog):
    return [record for record in caplog.records if record.name == "web.cache_backend"]


def many_cache_calls(cache):
    for number in range(20):
        cache.get(f"page-{number}")
        cache.set(f"page-{number}", "html")
        cache.add(f"count-{number}", 0)
        cache.incr(f"count-{number}")
        cache.get_many([f"a-{number}", f"b-{number}"])
        cache.delete(f"page-{number}")


def test_a_frozen_server_costs_one_timeout_then_the_cache_is_skipped_at_once(redis_server, caplog):
    caplog.set_level(logging.INFO, logger="web.cache_backend")
    cache = backend_for(redis_server)
    cache.set("greeting", "hello")
    redis_server.freeze()

    first, first_took = timed(lambda: cache.get("greeting", "missed"))
    _, rest_took = timed(lambda: many_cache_calls(cache))

    assert first == "missed"
    assert SOCKET_TIMEOUT * 0.8 < first_took < SOCKET_TIMEOUT * 3
    # 120 calls that would each have waited SOCKET_TIMEOUT.
    assert rest_took < 0.1
    assert cache.get("greeting", "missed") == "missed"
    assert cache.get_many(["greeting"]) == {}
    records = breaker_records(caplog)
    assert [record.levelname for record in records] == ["WARNING"]
    assert "not answering" in records[0].getMessage()


def test_the_cache_is_used_again_once_the_server_answers_after_the_window(redis_server, caplog):
    caplog.set_level(logging.INFO, logger="web.cache_backend")
    cache = backend_for(redis_server)
    cache.set("greeting", "hello")
    redis_server.freeze()
    cache.get("greeting")
    redis_server.thaw()

    # Within the window the cache is still skipped, though the server is back.
    assert cache.get("greeting", "missed") == "missed"
    time.sleep(BREAKER_SECONDS + 0.1)

    assert cache.get("greeting") == "hello"
    assert not cache.breaker.is_open
    assert [record.levelname for record in breaker_records(caplog)] == ["WARNING", "INFO"]


def test_after_the_window_one_trial_call_waits_and_a_still_frozen_server_is_skipped_again(redis_server, caplog):
    caplog.set_level(logging.INFO, logger="web.cache_backend")
    cache = backend_for(redis_server)
    redis_server.freeze()
    cache.get("greeting")
    time.sleep(BREAKER_SECONDS + 0.1)

    _, trial_took = timed(lambda: cache.get("greeting"))
    _, rest_took = timed(lambda: many_cache_calls(cache))

    assert trial_took > SOCKET_TIMEOUT * 0.8
    assert rest_took < 0.1
    # Still one outage: no second warning for a failed trial.
    assert [record.levelname for record in breaker_records(caplog)] == ["WARNING"]


def test_while_the_trial_call_waits_other_threads_do_not(redis_server):
    cache = backend_for(redis_server)
    redis_server.freeze()
    cache.get("greeting")
    time.sleep(BREAKER_SECONDS + 0.1)
    trial = threading.Thread(target=cache.get, args=["greeting"])
    trial.start()
    time.sleep(0.05)

    _, others_took = timed(lambda: many_cache_calls(cache))
    trial.join()

    assert others_took < 0.1


def test_threads_share_one_breaker_for_a_server(redis_server):
    cache = backend_for(redis_server)
    redis_server.freeze()
    cache.get("greeting")
    took = []

    def in_another_thread():
        # Django gives every thread its own backend object.
        _, seconds = timed(lambda: backend_for(redis_server).get("greeting"))
        took.append(seconds)

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()

    assert took[0] < 0.05


def test_errors_from_a_server_that_answers_do_not_open_the_breaker(redis_server):
    cache = backend_for(redis_server)

    with pytest.raises(ValueError):
        cache.incr("never-set")

    assert not cache.breaker.is_open


def test_the_breaker_lets_only_one_trial_through_and_a_success_closes_it():
    now = [0.0]
    breaker = CircuitBreaker("test", reset_seconds=30, clock=lambda: now[0])
    breaker.failed(ConnectionError("no answer"))

    assert not breaker.allow()
    now[0] = 30.0
    assert breaker.allow()
    assert not breaker.allow()
    breaker.succeeded()
    assert breaker.allow()
    assert not breaker.is_open


@pytest.fixture
def frozen_site_cache(redis_server, settings):
    settings.CACHES = {"default": cache_config(redis_server.url)}
    redis_server.freeze()
    return redis_server


def post_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_with_the_cache_frozen_rate_limits_let_people_through_without_waiting(frozen_site_cache):
    request = post_from("203.0.113.7")

    rate_limit_exceeded(request, scope="frozen", limit=1, period=60)
    outcomes, took = timed(
        lambda: [rate_limit_exceeded(request, scope="frozen", limit=1, period=60) for _ in range(10)]
    )

    assert not any(outcomes)
    assert took < 0.1


def test_with_the_cache_frozen_sign_in_is_not_locked_and_does_not_wait(frozen_site_cache, settings):
    request = post_from("203.0.113.8")
    login_locked(request, "amina")

    def fail_many_times():
        for _ in range(settings.GATHER_LOGIN_FAILURE_LIMIT + 2):
            login_failure_record(request, "amina")
        return login_locked(request, "amina")

    locked, took = timed(fail_many_times)

    assert not locked
    assert took < 0.1


@pytest.fixture
def staff_client(client, db):
    f.site_tree()
    user = get_user_model().objects.create_user("staff", "staff@example.org", "a long test password")
    user.groups.add(staff_role_ensure())
    client.force_login(user)
    return client


def test_staff_see_on_the_dashboard_when_the_site_works_without_the_cache(staff_client, frozen_site_cache):
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()

    assert OUTAGE_MESSAGE in html
    assert not cache_in_use()


def test_the_dashboard_says_nothing_about_a_cache_that_answers(staff_client, redis_server, settings):
    settings.CACHES = {"default": cache_config(redis_server.url)}

    response = staff_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert OUTAGE_MESSAGE not in response.content.decode()
    assert cache_in_use()


def test_the_outage_is_logged_without_the_password_in_the_address(caplog):
    # Nothing listens on port 1, so the first call fails at once.
    config = cache_config("redis://:s3cret-password@127.0.0.1:1/3")
    cache = CircuitBreakerRedisCache(config["LOCATION"], config)

    cache.get("greeting")

    (record,) = breaker_records(caplog)
    assert "redis://127.0.0.1:1/3" in record.getMessage()
    assert "s3cret" not in record.getMessage()


def test_an_interrupted_trial_call_lets_the_next_call_try():
    now = [30.0]
    breaker = CircuitBreaker("test", reset_seconds=30, clock=lambda: now[0])
    breaker.failed(ConnectionError("no answer"))
    now[0] = 60.0
    assert breaker.allow()

    breaker.trial_abandoned()

    assert breaker.allow()
