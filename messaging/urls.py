"""The text provider's webhooks, outside the language prefixes: Twilio signs the exact address it was given."""

from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("status/", views.text_status, name="text_status"),
    path("incoming/", views.text_incoming, name="text_incoming"),
]
