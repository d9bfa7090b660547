import pytest
from django.urls import reverse
from django.contrib.auth import get_user_model
from tests.events.booking_support import group_make, session_make, book


@pytest.mark.django_db
def test_smoke(client):
    group = group_make()
    session = session_make(group, places=2)
    book(session)
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    for url in [
        reverse("events_session:index"),
        reverse("events_session:register", args=[session.pk]),
        reverse("events_session:move", args=[session.pk]),
        reverse("events_session:cancel", args=[session.pk]),
        reverse("events_session:add"),
        reverse("events_booking:index"),
        reverse("events_booking:index") + "?export=csv",
        reverse("events_booking:index") + "?export=xlsx",
        reverse("events_attendance:index"),
        reverse("events_attendance:index") + "?export=csv",
        reverse("events_booking:cancel", args=[1]),
    ]:
        r = client.get(url)
        print(url, r.status_code)
        if r.status_code != 200:
            print(r.content[:3000])
        if "csv" in url:
            print(r.getvalue().decode()[:500] if hasattr(r, "getvalue") else b"".join(r.streaming_content)[:500])
