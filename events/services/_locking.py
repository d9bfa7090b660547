"""Row locks shared by the services that count places or change a session."""

from django.db import connection

from events.models.schedules import Session


def lock(queryset):
    """select_for_update on the rows of `queryset`, not on rows it joins to.

    SQLite has no row locks: there, the IMMEDIATE transaction mode (settings) takes the
    database write lock when the transaction starts, which serialises bookings.
    """
    if connection.features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",))
    return queryset.select_for_update()


def locked_session(session: Session) -> Session:
    return lock(Session.objects.filter(pk=session.pk)).get()
