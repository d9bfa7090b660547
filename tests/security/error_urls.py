"""Views that fail in the ways a database can fail, for test_error_pages.py."""

import psycopg
from django.db import InterfaceError, OperationalError
from django.urls import path


def _raise(error, cause=None):
    def view(request):
        raise error from cause

    return view


urlpatterns = [
    path("lost/", _raise(OperationalError("server closed the connection"), psycopg.OperationalError("closed"))),
    path("shutdown/", _raise(OperationalError("terminating"), psycopg.errors.AdminShutdown("terminating"))),
    path("closed/", _raise(InterfaceError("connection already closed"))),
    path("locked/", _raise(OperationalError("database is locked"))),
    path("syntax/", _raise(OperationalError('fts5: syntax error near ">"'))),
    path("bad-sql/", _raise(OperationalError("division by zero"), psycopg.errors.DivisionByZero("division by zero"))),
    path("bug/", _raise(ValueError("a plain bug"))),
]

handler500 = "web.error_views.server_error"
