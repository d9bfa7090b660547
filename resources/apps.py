from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from web import page_cache

        from . import selectors  # noqa: F401 (registers the pages' listings)
        from .models import LocalService

        # Local services are listed on area, resource and directory pages.
        page_cache.watch(LocalService)
