"""Addresses of the calendar feeds (included by events/urls.py, namespace "events")."""

from django.urls import path, register_converter

from . import feeds


class RowIdConverter:
    """A database id: digits only, and few enough that the database can compare them.

    Django's own int converter lets through a 40-digit number, which the database
    refuses with an error; here that address is simply not found.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "row_id")

urlpatterns = [
    path("calendar/all.ics", feeds.site_ical, name="site_ical"),
    path("calendar/areas/<row_id:page_id>.ics", feeds.area_ical, name="area_ical"),
    path("calendar/pages/<row_id:page_id>.ics", feeds.page_ical, name="page_ical"),
    path("calendar/sessions/<row_id:session_id>.ics", feeds.session_ical, name="session_ical"),
    path("calendar/personal/<slug:token>.ics", feeds.personal_ical, name="personal_ical"),
]
