from django.urls import path

from events import feed_urls  # noqa: F401 (registers the row_id converter)
from support import views

app_name = "support"

urlpatterns = [
    path("one-to-one/<row_id:slot_id>/ask/", views.support_ask, name="ask"),
    path("one-to-one/<slug:token>/", views.support_manage, name="manage"),
]
