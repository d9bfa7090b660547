import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import GATHER_ADMIN_CSP, MIDDLEWARE, SECRET_KEY, SECURE_CSP, STORAGES, env_bool

DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (at least 50 random characters).")

# WhiteNoise serves the collected static files straight from the app processes.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# The __Host- prefix makes browsers refuse these cookies unless they are secure, for
# this exact host and the whole path, so a sibling subdomain cannot plant or read them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}
GATHER_ADMIN_CSP = {**GATHER_ADMIN_CSP, "upgrade-insecure-requests": True}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
