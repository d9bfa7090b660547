"""Production settings, run as production runs them: in a separate process with its own environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "gather.settings.production",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "gather.example.org",
    "BASE_URL": "https://gather.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "TRUSTED_PROXY_COUNT": "1",
}


def run_with(env, *args, **kwargs):
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env={**keep, **env}, capture_output=True, text=True, timeout=120, **kwargs
    )


def test_check_deploy_passes_with_no_warnings(tmp_path):
    result = run_with(
        {**PRODUCTION_ENV, "SQLITE_PATH": str(tmp_path / "db.sqlite3")},
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_asks_how_many_proxies_to_trust_until_told(tmp_path):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != "TRUSTED_PROXY_COUNT"}

    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")

    result = run_with(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "gather.W001" in output
    assert "TRUSTED_PROXY_COUNT is not set" in output
    assert "0 if browsers connect straight to gunicorn" in output


def test_with_no_proxy_in_front_zero_is_a_valid_answer(tmp_path):
    result = run_with(
        {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "0", "SQLITE_PATH": str(tmp_path / "db.sqlite3")},
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}

    result = run_with(env, "manage.py", "check")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


# Asks the production app, through Django's test client, for the sign-in page over
# HTTPS (as the proxy reports it) and over plain HTTP, and prints what a browser gets.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# The manifest of collected static files does not exist outside a deployment.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_HOST="gather.example.org")
secure = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/admin/login/")
print(json.dumps({
    "secure_status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": {name: dict(morsel.items(), value=morsel.value) for name, morsel in secure.cookies.items()},
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "session_cookie": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory):
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    env = {**PRODUCTION_ENV, "SQLITE_PATH": str(database)}
    migrate = run_with(env, "manage.py", "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr
    result = run_with(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_http_is_sent_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"] == "https://gather.example.org/admin/login/"


def test_browsers_are_told_to_use_https_for_a_year_including_subdomains(production_response):
    assert production_response["secure_status"] == 200
    hsts = production_response["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_cookies_are_secure_host_only_and_hidden_from_scripts(production_response):
    cookies = production_response["cookies"]
    csrf = cookies["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert csrf["domain"] == ""
    # The session cookie is only set at sign-in; the same rules hold for it.
    assert production_response["session_cookie"] == ["__Host-sessionid", True, True]


def test_policy_upgrades_insecure_requests_and_frames_and_referrers_are_locked_down(production_response):
    headers = production_response["headers"]
    assert "upgrade-insecure-requests" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
