"""Production settings plus what a benchmark run needs to see inside the server.

Used only by bench/serve.py (and the tests that start real app processes): the
server then answers every request with the SQL queries it ran and its own time, so
the figures are counted where they happen, not guessed from outside.
"""

import os

from gather.settings.production import *  # noqa: F403
from gather.settings.production import MIDDLEWARE

MIDDLEWARE = ["bench.server_timing.ServerTimingMiddleware", *MIDDLEWARE]

# A throwaway directory per run instead of the checkout's staticfiles/.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# Emails land as files the benchmark or test can read back.
if os.environ.get("BENCH_MAIL_DIR"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ["BENCH_MAIL_DIR"]},
        }
    }
