from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("One-to-one support")

    def ready(self):
        from web import page_cache

        from . import messages, scheduled_jobs
        from .models import SupportRequest, SupportSlot

        # The programme's public page lists its free times: a new slot, a withdrawn one
        # or a request that holds one changes it.
        for model in (SupportSlot, SupportRequest):
            page_cache.watch(model)
        messages.renderers_register()
        scheduled_jobs.scheduled_jobs_register()
