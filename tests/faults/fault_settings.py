"""Production settings as the fault tests run them: real gunicorn, PostgreSQL, Redis and SMTP.

Static files come from the plain storage so that no `collectstatic` manifest is
needed; everything else is exactly production.
"""

from gather.settings.production import *  # noqa: F403
from gather.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
