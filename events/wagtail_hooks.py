from . import privacy_admin  # noqa: F401 (registers the family-data admin views)
