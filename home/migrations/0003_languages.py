"""A Wagtail locale for each language families read Gather in (settings.LANGUAGES).

Wagtail itself creates only the default one. Pages, and their translations, hang off
these; staff can add more under Settings > Locales. Each is synchronised from English,
so a page staff add in English gets a placeholder in every other language at once.
"""

from django.db import migrations

LANGUAGE_CODES = ["ar", "ur", "bn", "pl"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    english = Locale.objects.order_by("pk").first()
    for code in LANGUAGE_CODES:
        locale, _created = Locale.objects.get_or_create(language_code=code)
        if english is not None:
            LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": english})


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
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(add_locales, remove_locales)]
