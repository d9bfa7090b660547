"""A group leader's message to every family booked on a session ("the hall is cold today")."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models.schedules import Session


class SessionNotice(models.Model):
    """What a leader wrote to the families of one session, kept as written, in whatever language.

    Nothing here names a family: who was told, and how, are the outbox's rows, each
    about this notice and addressed to one contact (events/services/notices.py).
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notices")
    message = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message to the families")
        verbose_name_plural = _("messages to the families")

    def __str__(self):
        # Translators: a leader's message to a session's families, e.g. "Message of Tue 3 Mar, 09:12".
        return gettext("Message of %(when)s") % {"when": date_format(timezone.localtime(self.created_at), "D j M, H:i")}
