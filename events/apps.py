from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Groups and bookings"

    def ready(self):
        from . import emails, signal_handlers

        signal_handlers.connect()
        emails.renderers_register()
