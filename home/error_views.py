"""The 500 handler: a database outage answers 503 with a plain page, never a traceback.

The 503 page is rendered without a request context, because the context processors
(site settings, navigation) would ask the very database that is down.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

DATABASE_UNAVAILABLE_RETRY_SECONDS = 30


def _database_unavailable(error) -> bool:
    # Integrity and data errors are bugs; only lost connections mean "try again soon".
    return isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if error is not None and _database_unavailable(error):
        from django.http import HttpResponse

        body = loader.get_template("503.html").render({"retry_after_seconds": DATABASE_UNAVAILABLE_RETRY_SECONDS})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(DATABASE_UNAVAILABLE_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return django_server_error(request, template_name=template_name)
