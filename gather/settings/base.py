"""Settings shared by every environment.

Everything that differs between a laptop and a production host is read from the
environment; the defaults give a site that works with nothing but Python installed
(SQLite, console email, local media, tasks run immediately).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "web",
    "messaging",
    "events",
    "support",
    "resources",
    "search",
    "demo",
    # Page translation for staff (see README, "Languages"): wagtail_localize edits a
    # translation string by string beside the English and keeps the page's structure
    # in step with it; a new English page gets a placeholder (an alias) in every other
    # language at once, so no address 404s there. locales lets staff add a language.
    "wagtail_localize",
    "wagtail_localize.locales",
    # Not wagtail.contrib.forms nor search_promotions: Gather has no form pages, and its
    # search page orders results itself (tests/gather/test_settings.py keeps them out).
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "recurrence",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages and feeds are mostly text and shrink several times over on slow phone
    # connections. Django pads compressed responses against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Below Django's CSP middleware so that it sets the admin's own policy first.
    "web.middleware.AdminContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Takes the language from the address (/ar/...); English addresses have no prefix.
    "django.middleware.locale.LocaleMiddleware",
    # Sends a visitor whose browser or earlier choice asks for another language to it.
    "web.languages.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Wagtail's reports on the whole site are for staff who edit the whole site.
    "web.admin_reports.WholeSiteReportsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so cached pages pass back through every header-setting middleware above.
    "web.page_cache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "gather.urls"
WSGI_APPLICATION = "gather.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "web.page_cache.structure_version",
                "web.page_cache.page_content_version",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two
                # bookings for the last place cannot both read "one left".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
            },
        }
    }
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASE_IS_POSTGRES:
    # Wagtail's search index uses PostgreSQL's full-text fields, which need this app.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff sign-in is locked for a while after repeated failures (web/login_lockout.py).
AUTHENTICATION_BACKENDS = ["web.login_lockout.LockoutModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "web.login_lockout.LockoutLoginForm"
GATHER_LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
GATHER_LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30"))
GATHER_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(15 * 60)))
# How many proxies in front of the app add themselves to X-Forwarded-For; 0 trusts
# only REMOTE_ADDR, so a client cannot dodge rate limits by inventing the header.
# Unset counts as 0, which behind a proxy gives every family the proxy's address and
# one shared allowance, so `check --deploy` asks for it (web/checks.py).
_proxy_count = os.environ.get("TRUSTED_PROXY_COUNT", "").strip()
GATHER_TRUSTED_PROXY_COUNT = int(_proxy_count) if _proxy_count else None
# Public forms (booking, waiting list, changes) accept this many submissions from one
# address in the period; a family hall on shared wifi stays well inside it.
GATHER_FORM_RATE_LIMIT = int(os.environ.get("FORM_RATE_LIMIT", "30"))
GATHER_FORM_RATE_PERIOD = int(os.environ.get("FORM_RATE_PERIOD", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# How long the link in a new leader's invitation (and a "Forgotten password?" email)
# works: long enough for a volunteer who reads email at the weekend, short enough that
# an old email left in an inbox does not open the admin.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The languages families read Gather in: English (no address prefix) and the first
# languages of the families the groups serve. Each is named in itself on the language
# list. Adding one: add it here and to WAGTAIL_CONTENT_LANGUAGES, run scripts/messages,
# translate locale/<code>/LC_MESSAGES/django.po (see locale/GLOSSARY.md), add a Locale.
LANGUAGES = [
    ("en-gb", "English"),
    ("ar", "العربية"),
    ("ur", "اردو"),
    ("bn", "বাংলা"),
    ("pl", "Polski"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# A language chosen on the list is remembered for a year; it holds nothing personal.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", False)
# Dates, times and numbers follow the active language; the UK formats for English.
FORMAT_MODULE_PATH = ["gather.formats"]
# A bare domain that Django's urlize makes into a link (in Wagtail's admin, say) gets
# https://, as it will by default from Django 7; the sites staff link to speak it.
URLIZE_ASSUME_HTTPS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images and documents can live in S3-compatible object storage so that
# several app processes on different hosts see the same files.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3) or the
# host's role; the rest from the settings below. Files are private and served through
# signed links unless AWS_S3_CUSTOM_DOMAIN names a public domain for the bucket.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Any S3-compatible service: MinIO, Cloudflare R2, Scaleway, DigitalOcean Spaces.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "querystring_auth": not os.environ.get("AWS_S3_CUSTOM_DOMAIN"),
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
            # Two uploads with the same name must never replace each other's file.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "max-age=31536000, immutable"},
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Cache: Redis when REDIS_URL is set (shared by every app process), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, skipping Redis for a while once it stops answering (web/cache_backend.py).
            "BACKEND": "web.cache_backend.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gather",
            "OPTIONS": {
                # A Redis outage makes the cache miss; it never takes the site down.
                "IGNORE_EXCEPTIONS": True,
                # Redis answers in a millisecond; one that takes longer is as good as down.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CIRCUIT_BREAKER_SECONDS": 30,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # The backend logs an outage once when it starts and once when it ends, not every call.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gather"}}
# How long a rendered public page is kept for anonymous visitors (web/page_cache.py);
# any change to what pages show makes them stale at once. 0 turns the page cache off.
GATHER_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Background tasks: immediate by default; production sets TASK_BACKEND=database and
# runs `manage.py db_worker`.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate")
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("TASK_BACKEND must be 'immediate' or 'database'.")

# Email (Django 6.1 mailers): console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # configured through MAILERS only
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Gather <hello@gather.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Texts (SMS): written to the console by default, like emails; sent through Twilio
# when TWILIO_ACCOUNT_SID is set (messaging/texting/backends/).
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
# The number texts come from (and replies such as STOP go to), or a Messaging Service SID.
TWILIO_FROM = os.environ.get("TWILIO_FROM", "")
# Where the Twilio client sends its requests; empty means Twilio's own API. Only the
# tests set it, to reach a local stand-in (tests/messaging/twilio_stand_in.py).
TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "")
TEXT_BACKEND = os.environ.get(
    "TEXT_BACKEND",
    "messaging.texting.backends.twilio.TextBackend"
    if TWILIO_ACCOUNT_SID
    else "messaging.texting.backends.console.TextBackend",
)
# Texts sent in a day before routine ones (reminders, confirmations) wait for the next
# morning; cancellations, moves and places from the waiting list still go.
GATHER_TEXTS_PER_DAY = int(os.environ.get("TEXTS_PER_DAY", "300"))

# Wagtail
WAGTAIL_SITE_NAME = "Gather"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "jpeg": "webp", "png": "webp", "gif": "webp"}
WAGTAIL_I18N_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True

LOGIN_URL = "wagtailadmin_login"

# Gather: how long personal details are kept after a session, in days.
GATHER_PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365"))
# A family's private booking link and personal calendar feed stop working this many
# days after their last session.
GATHER_PRIVATE_LINK_DAYS_AFTER_SESSION = int(os.environ.get("PRIVATE_LINK_DAYS_AFTER_SESSION", "14"))
# How far ahead sessions are created from schedules, in days.
GATHER_SESSION_HORIZON_DAYS = int(os.environ.get("SESSION_HORIZON_DAYS", "180"))

# Security headers. Public pages get a strict Content Security Policy: scripts,
# styles and fonts from this site only and nothing inline. The Wagtail admin inlines
# small scripts in its widgets, so web.middleware gives /admin/ its own policy.
EMBED_FRAME_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
# Extra origins for uploaded images and documents (object storage, a CDN of our own).
MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "media-src": [CSP.SELF, *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": EMBED_FRAME_ORIGINS,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
GATHER_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "media-src": [CSP.SELF, "blob:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *EMBED_FRAME_ORIGINS],
    "worker-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    # The page editor shows its preview in a frame of the admin itself.
    "frame-ancestors": [CSP.SELF],
}
GATHER_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Staff avatars would otherwise be fetched from Gravatar with a hash of each staff
# email, and the admin would call out for release news: neither is wanted here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Every line goes out through the one console handler, whose filter cuts secret links
# (booking management, personal calendars) down to a few characters. Django's own
# defaults give "django" and "django.server" handlers of their own, which would print
# "Not Found: /booking/<token>/" in full, so those loggers hand their lines to it too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secret_links": {"()": "web.log_redaction.SecretLinkFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secret_links"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": []},
        "django.server": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # The Twilio client writes a dozen INFO lines (URL, headers) for every text.
        "twilio.http_client": {"level": "WARNING"},
    },
}

# Server errors: reported to Sentry (or any service that speaks its protocol) when
# SENTRY_DSN is set, else mailed to ADMINS ("Name <address>,..."); either way without
# families' details or secret links (web/error_reporting.py, web/error_mail.py).
ADMINS = env_list("ADMINS")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from web.error_reporting import error_reporting_start

    error_reporting_start(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
    )
else:
    LOGGING["filters"]["require_debug_false"] = {"()": "django.utils.log.RequireDebugFalse"}
    LOGGING["handlers"]["mail_admins"] = {
        "class": "web.error_mail.ScrubbedAdminEmailHandler",
        "level": "ERROR",
        "filters": ["require_debug_false"],
    }
    LOGGING["loggers"]["django"]["handlers"] = ["mail_admins"]
    # A request naming another host is a bot probing the server, not a fault: logged, never mailed.
    LOGGING["loggers"]["django.security.DisallowedHost"] = {"handlers": ["console"], "propagate": False}

# Anonymous check-ins (events/models/check_ins.py): the second comes this many weeks after
# a family's first session at a group; an invitation may be used for this many days.
CHECK_IN_LATER_WEEKS = int(os.environ.get("CHECK_IN_LATER_WEEKS", "8"))
CHECK_IN_VALID_DAYS = int(os.environ.get("CHECK_IN_VALID_DAYS", "28"))
