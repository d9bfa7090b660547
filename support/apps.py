from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("One-to-one support")

    def ready(self):
        from web import page_cache

        from . import cache_versions, messages, scheduled_jobs, selectors  # noqa: F401 (selectors register the page's listing)
        from .models import SupportPage

        # The programme's public page lists its free times: a new slot, a withdrawn one
        # or a request that holds one makes that page stale, and no other.
        cache_versions.connect()
        page_cache.watch_publishing(SupportPage)
        messages.renderers_register()
        scheduled_jobs.scheduled_jobs_register()
