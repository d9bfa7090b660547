from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messages"

    def ready(self):
        from home.health import health_check_register

        from . import scheduled_jobs
        from .health import outbox_health

        scheduled_jobs.scheduled_jobs_register()
        health_check_register("outbox", outbox_health)
