from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web serving"

    def ready(self):
        from home.models import Audience, SiteSettings, SiteSettingsTranslation, Topic

        from . import checks, page_cache, spreadsheets  # noqa: F401 (checks registers itself)

        page_cache.connect_signals()
        # The shared base sits below this app, so its models are watched from here:
        # the settings fill the header and footer of every page.
        page_cache.watch(SiteSettings, structure=True)
        page_cache.watch(SiteSettingsTranslation, structure=True)
        page_cache.watch(Topic)
        page_cache.watch(Audience)
        spreadsheets.csv_exports_make_formula_safe()
