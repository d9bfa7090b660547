from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from web import page_cache

        from .models import LocalService

        # Local services are listed on area, resource and directory pages.
        page_cache.watch(LocalService)
