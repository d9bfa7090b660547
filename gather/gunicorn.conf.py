"""gunicorn settings for every app process: `gunicorn -c gather/gunicorn.conf.py gather.wsgi`.

Each value can be changed from the environment, so one file serves a laptop, a
two-core VM and a platform that sets PORT and WEB_CONCURRENCY.
"""

import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 (the container's port)

# Processes for CPU-bound rendering, a few threads each so that a request waiting on
# PostgreSQL, Redis or a slow phone's upload does not hold a whole process.
workers = _int("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"

# Renew workers now and then so a slow leak can never grow without bound; the jitter
# keeps them from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Loading Django once before forking shares its memory between workers and makes a
# broken deploy fail at start rather than on the first request.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# Trust X-Forwarded-Proto only from the proxy in front (loopback by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Booking-management and calendar links carry a family's secret in the path.
logger_class = "web.log_redaction.GunicornLogger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Several app processes may run on one host; one shared control socket would let
# them trip over each other, so it is off unless asked for.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def pre_fork(server, worker):
    # A database connection opened while preloading must not be inherited by the
    # workers: they would share one socket. The master never queries, so close it.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
