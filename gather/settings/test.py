import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL

SECRET_KEY = "test-only-key-not-secret-" + "x" * 30
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TEXT_BACKEND = "messaging.texting.backends.locmem.TextBackend"
if REDIS_URL:
    # A test machine running two workers can take longer than production's half second
    # to answer; the breaker tests set their own short timeouts.
    CACHES["default"]["OPTIONS"].update(SOCKET_CONNECT_TIMEOUT=5, SOCKET_TIMEOUT=5)
    # Each test empties the cache (FLUSHDB), which would empty another pytest-xdist
    # worker's cache in the middle of its test: each worker gets its own database,
    # counting down from the one REDIS_URL names (gw0 uses it, gw1 the one below).
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if _worker.startswith("gw"):
        _url = urlsplit(REDIS_URL)
        _database = (int(_url.path.strip("/") or 0) - int(_worker[2:])) % 16
        CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_database}"))
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gather-test"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Tests run inside a transaction that never commits, so the page cache would never be
# told about changes; tests/performance switches it on where it is the subject.
GATHER_PAGE_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": ""}
