from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from . import checks, page_cache, spreadsheets  # noqa: F401 (checks registers itself)

        page_cache.connect_signals()
        spreadsheets.csv_exports_make_formula_safe()
