from django.urls import path  # noqa: F401

from . import feed_urls

app_name = "events"

# Booking pages (events/views.py) are added here; calendar feeds live in feed_urls.py.
urlpatterns: list = []

urlpatterns += feed_urls.urlpatterns
