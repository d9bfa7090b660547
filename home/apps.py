from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from . import page_cache, spreadsheets

        page_cache.connect_signals()
        spreadsheets.csv_exports_make_formula_safe()
