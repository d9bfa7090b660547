"""What kind of thing a resource is; the filter form offers the same choices."""

from django.db import models


class ResourceKind(models.TextChoices):
    HINTS_AND_TIPS = "hints", "Hints and tips"
    REPORT = "report", "Report"
    FILM = "film", "Film"
    DOCUMENT = "document", "Document"
    LINK = "link", "Link"
