"""Secret links are never written to a log in full (web/log_redaction.py)."""

import datetime as dt
import io
import logging
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from gunicorn.config import Config

from web.log_redaction import redact_secret_links

REPO = Path(__file__).resolve().parents[2]
TOKEN = "Xq3vT9bLr2mWc8hKz5nPa1sDf6gJy4uE7oIwB0tRe-_"


def test_the_secret_is_cut_to_a_few_characters_and_the_rest_of_the_address_kept():
    assert redact_secret_links(f"/booking/{TOKEN}/12/change/") == "/booking/Xq3v…/12/change/"
    assert redact_secret_links(f"webcal://gather.example.org/calendar/personal/{TOKEN}.ics") == (
        "webcal://gather.example.org/calendar/personal/Xq3v….ics"
    )


def test_a_secret_in_an_encoded_address_is_cut_too():
    """The language list on a family's page carries the page's own address, percent-encoded."""
    assert redact_secret_links(f"/language/ar/?next=%2Fbooking%2F{TOKEN}%2F") == (
        "/language/ar/?next=%2Fbooking%2FXq3v…%2F"
    )
    assert redact_secret_links(f"/ur/booking/{TOKEN}/") == "/ur/booking/Xq3v…/"


@pytest.mark.parametrize(
    "address", ["/", "/groups/peebles-toddlers/", "/calendar/all.ics", "/calendar/pages/12.ics", "/booking/"]
)
def test_other_addresses_are_left_alone(address):
    assert redact_secret_links(f"GET {address} HTTP/1.1") == f"GET {address} HTTP/1.1"


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_every_address_that_takes_a_token_is_redacted():
    private = [route for route in _routes(get_resolver().url_patterns) if "token>" in route]
    assert len(private) >= 7  # the booking links, the personal feed and the password reset

    for route in private:
        example = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda part: TOKEN if part[1] == "token" else "1", route)
        assert TOKEN[:5] not in redact_secret_links(example), route


@pytest.fixture
def gunicorn_logger(tmp_path):
    """The logger gunicorn builds from gather/gunicorn.conf.py, writing to files."""
    config = Config()
    # As gunicorn reads its configuration file: every name it knows is a setting.
    for name, value in runpy.run_path(str(REPO / "gather" / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    logger = config.logger_class(config)
    yield logger
    for log in (logger.access_log, logger.error_log):
        for handler in log.handlers[:]:
            handler.close()
            log.removeHandler(handler)


def _access(logger, path, referer="-"):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="200 OK", sent=1024, headers=[("Content-Type", "text/html")])
    logger.access(response, SimpleNamespace(headers=[("REFERER", referer)]), environ, dt.timedelta(milliseconds=12))


def test_gunicorn_access_lines_show_only_the_start_of_a_secret(gunicorn_logger, tmp_path):
    _access(gunicorn_logger, f"/booking/{TOKEN}/", referer=f"https://gather.example.org/booking/{TOKEN}/")
    _access(gunicorn_logger, f"/calendar/personal/{TOKEN}.ics")
    _access(gunicorn_logger, "/groups/peebles-toddlers/")

    manage, feed, page = (tmp_path / "access.log").read_text().splitlines()
    assert TOKEN[:5] not in manage + feed
    assert '"GET /booking/Xq3v…/ HTTP/1.1" 200 1024 "https://gather.example.org/booking/Xq3v…/"' in manage
    assert '"GET /calendar/personal/Xq3v….ics HTTP/1.1" 200' in feed
    assert '"GET /groups/peebles-toddlers/ HTTP/1.1" 200' in page


def test_gunicorn_error_lines_show_only_the_start_of_a_secret(gunicorn_logger, tmp_path):
    try:
        raise ValueError(f"could not read /booking/{TOKEN}/")
    except ValueError:
        gunicorn_logger.exception("Error handling request %s", f"/booking/{TOKEN}/cancel/")

    written = (tmp_path / "error.log").read_text()
    assert "Error handling request /booking/Xq3v…/cancel/" in written
    assert "ValueError: could not read /booking/Xq3v…/" in written
    assert TOKEN[:5] not in written


@pytest.fixture
def django_log():
    """What Django's console handler writes, as configured in LOGGING."""
    [handler] = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


@pytest.mark.django_db
def test_djangos_not_found_line_for_a_booking_link_is_redacted(client, django_log):
    assert client.get(f"/booking/{TOKEN}/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404

    written = django_log.getvalue()
    assert "Not Found: /booking/Xq3v…/" in written
    assert TOKEN[:5] not in written
    assert "Not Found: /no-such-page/" in written


def test_the_development_servers_request_lines_are_redacted(django_log):
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /calendar/personal/{TOKEN}.ics HTTP/1.1", 200, 512)

    assert '"GET /calendar/personal/Xq3v….ics HTTP/1.1" 200 512' in django_log.getvalue()
    assert TOKEN[:5] not in django_log.getvalue()
