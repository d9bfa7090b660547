"""A local stand-in for Twilio's REST API, enough of it for the official client to send texts.

It listens on a free port of 127.0.0.1 in a thread of the test process and answers
POST /2010-04-01/Accounts/<sid>/Messages.json as Twilio does (201 and the new
message as JSON), keeping the form of every request it accepted. `down()` makes it
answer 503 (Twilio having trouble), `down("closed")` stop listening (Twilio
unreachable) and `down("silent")` take requests and never answer (a hung
connection); `up()` brings it back, on the same port.

Point the client at it with settings.TWILIO_API_BASE = stand_in.url (the
`twilio_stand_in` fixture in tests/conftest.py does, with a test account). A gunicorn
started by the fault tests gets the same through its environment (TWILIO_API_BASE,
TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM).
"""

import base64
import json
import re
import threading
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "stand-in-auth-token"
FROM_NUMBER = "+447700900001"
_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC\w+)/Messages\.json$")


@dataclass(frozen=True)
class ReceivedText:
    """One request to send a text that the stand-in accepted."""

    sid: str
    account: str  # the account named in the basic auth
    form: dict  # each form field's (last) value: To, From or MessagingServiceSid, Body, StatusCallback


class TwilioStandIn:
    def __init__(self, *, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.port = 0
        self.texts: list[ReceivedText] = []
        # Every request that reached it, accepted or not: (method, path).
        self.requests: list[tuple[str, str]] = []
        self.failing = False
        self.silent = False
        # Set whenever nothing should wait: a silent stand-in holds each request until then.
        self._released = threading.Event()
        self._released.set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "TwilioStandIn":
        stand_in = self

        class Handler(_Handler):
            owner = stand_in

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="twilio-stand-in", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def down(self, how: str = "error") -> None:
        """Answer every request with 503 ("error"), stop listening ("closed") or never answer ("silent")."""
        if how == "closed":
            self.stop()
        elif how == "silent":
            self._released.clear()
            self.silent = True
        elif how == "error":
            self.failing = True
        else:
            raise ValueError(f"Down how? {how!r}")

    def up(self) -> None:
        self.failing = self.silent = False
        self._released.set()
        if self._server is None:
            self.start()

    def received(self) -> list[ReceivedText]:
        with self._lock:
            return list(self.texts)

    def _accept(self, account: str, form: dict) -> dict:
        sid = "SM" + uuid.uuid4().hex
        with self._lock:
            self.texts.append(ReceivedText(sid=sid, account=account, form=form))
        now = formatdate(usegmt=True)
        return {
            "sid": sid,
            "account_sid": account,
            "api_version": "2010-04-01",
            "to": form.get("To"),
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "0",
            "num_media": "0",
            "direction": "outbound-api",
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
            "price_unit": "GBP",
            "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"},
        }


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0, the standard library's default: each connection closes after its answer,
    # so once the stand-in stops listening no kept-alive connection still reaches it.
    owner: TwilioStandIn

    def log_message(self, format, *args):
        """Quiet: the tests look at what it received instead."""

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: int, message: str) -> None:
        self._answer(
            status,
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
        )

    def _account(self) -> str | None:
        """The account of a valid basic auth header, or None."""
        scheme, _, encoded = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            account, _, token = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return None
        owner = self.owner
        return account if (account, token) == (owner.account_sid, owner.auth_token) else None

    def do_GET(self):  # noqa: N802 - http.server's hook name
        with self.owner._lock:
            self.owner.requests.append(("GET", self.path))
        self._error(404, 20404, "The requested resource was not found")

    def do_POST(self):  # noqa: N802 - http.server's hook name
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        owner = self.owner
        with owner._lock:
            owner.requests.append(("POST", self.path))
        if owner.silent:
            owner._released.wait(timeout=60)
            self.close_connection = True
            return
        if owner.failing:
            self._error(503, 20500, "Service Unavailable")
            return
        match = _MESSAGES_PATH.match(self.path)
        if match is None:
            self._error(404, 20404, "The requested resource was not found")
            return
        account = self._account()
        if account is None or account != match["account"]:
            self._error(401, 20003, "Authenticate")
            return
        form = {name: values[-1] for name, values in parse_qs(raw, keep_blank_values=True).items()}
        if not form.get("To"):
            self._error(400, 21604, "A 'To' phone number is required.")
        elif not (form.get("From") or form.get("MessagingServiceSid")):
            self._error(400, 21603, "A 'From' phone number is required.")
        elif not form.get("Body"):
            self._error(400, 21602, "Message body is required.")
        else:
            self._answer(201, owner._accept(account, form))


__all__ = ["ACCOUNT_SID", "AUTH_TOKEN", "FROM_NUMBER", "ReceivedText", "TwilioStandIn"]
