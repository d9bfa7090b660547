from django.urls import path

from events import feed_urls  # noqa: F401 (registers the row_id converter)
from support import text_links, views

app_name = "support"

urlpatterns = [
    path("one-to-one/<row_id:slot_id>/ask/", views.support_ask, name="ask"),
    path("one-to-one/<slug:token>/", views.support_manage, name="manage"),
    # The short link in texts (support/text_links.py; not the family's views).
    path("one-to-one/t/<slug:token>", text_links.support_text_link, name="text_link"),
]
