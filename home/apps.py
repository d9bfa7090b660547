from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from . import page_cache

        page_cache.connect_signals()
