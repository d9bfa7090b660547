"""The 500 handler: a database outage answers 503 with a plain page, never a traceback.

The 503 page is rendered without a request context, because the context processors
(site settings, navigation) would ask the very database that is down.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

DATABASE_UNAVAILABLE_RETRY_SECONDS = 30


# SQLSTATEs that mean the server is out of reach for now: connection exceptions
# (class 08), an administrator or crash shutdown, a server still starting up, too
# many connections. Anything else (a bad query, a broken constraint) is a bug: a 500.
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}


def _database_unavailable(error) -> bool:
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES
    if "database is locked" in str(error):
        return True  # SQLite: another process held the write lock for too long
    # psycopg reports a server it cannot reach, or a connection it lost, without a SQLSTATE.
    return type(cause).__module__.startswith("psycopg")


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if error is not None and _database_unavailable(error):
        body = loader.get_template("503.html").render({"retry_after_seconds": DATABASE_UNAVAILABLE_RETRY_SECONDS})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(DATABASE_UNAVAILABLE_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return django_server_error(request, template_name=template_name)
