"""A Wagtail locale for each language families read Gather in (settings.LANGUAGES).

Wagtail itself creates only the default one. Pages, and their translations, hang off
these; staff can add more under Settings > Locales.
"""

from django.db import migrations

LANGUAGE_CODES = ["ar", "ur", "bn", "pl"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


def remove_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    for locale in Locale.objects.filter(language_code__in=LANGUAGE_CODES):
        if not Page.objects.filter(locale=locale).exists():
            locale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_content_help_text"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_locales, remove_locales)]
