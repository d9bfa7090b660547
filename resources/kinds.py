"""What kind of thing a resource is; the filter form offers the same choices."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ResourceKind(models.TextChoices):
    # Shown above each resource and offered in the resource filter.
    HINTS_AND_TIPS = "hints", pgettext_lazy("kind of resource", "Hints and tips")
    REPORT = "report", pgettext_lazy("kind of resource", "Report")
    FILM = "film", pgettext_lazy("kind of resource", "Film")
    DOCUMENT = "document", pgettext_lazy("kind of resource", "Document")
    LINK = "link", pgettext_lazy("kind of resource", "Link")
