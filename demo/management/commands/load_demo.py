"""Load the demo content and print the demo logins. Safe to run again: nothing changes."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.content import demo_load
from demo.logins import demo_logins_ensure

LOGINS_FILE_NAME = ".demo-logins.json"


class Command(BaseCommand):
    help = (
        "Load demo areas, groups, workshops and resources (in English, with the Croydon pages in Arabic, Urdu, "
        "Bengali and Polish), and print the demo logins (staff, coordinator, leader, one-to-one worker and "
        "safeguarding lead)."
    )

    def handle(self, *args, **options):
        # Every page publish logs a line or two at INFO; the summary below says it all.
        quiet = [logging.getLogger(name) for name in ("wagtail", "django.tasks", "django_tasks", "events")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:
            logger.setLevel(logging.WARNING)
        try:
            report = demo_load()
        finally:
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)
        if report.created:
            self.stdout.write(f"Created {len(report.created)} things, {report.sessions_added} sessions.")
        else:
            self.stdout.write(f"Demo content already loaded; {report.sessions_added} new sessions.")
        site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        other_languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        self.stdout.write("In other languages: " + "  ".join(f"{site_url}/{code}/" for code in other_languages))
        logins = demo_logins_ensure(path=settings.BASE_DIR / LOGINS_FILE_NAME)
        admin_url = f"{site_url}/admin/"
        width = max(len(login.username) for login in logins)
        password_width = max(len(login.password) for login in logins)
        self.stdout.write("")
        self.stdout.write(f"Sign in at {admin_url}")
        self.stdout.write(f"{'Login':<{width}}  {'Password':<{password_width}}  Can edit")
        for login in logins:
            self.stdout.write(f"{login.username:<{width}}  {login.password:<{password_width}}  {login.role}")
        self.stdout.write(f"(Passwords are kept in {LOGINS_FILE_NAME}, readable by you only.)")
