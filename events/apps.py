from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Groups and bookings"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
