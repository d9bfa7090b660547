"""Anonymous check-ins: "did the group help?", asked after a family's first session and again weeks later.

What ties an answer to a family, and how each tie is cut:

- The invitation (`CheckInInvitation`) names only the group, first or later, the last
  day it may be used and a hash of its one-use secret. It has no link to the family,
  their booking or their messages, and its key is random, so the order of the rows says
  nothing about the order in which families were invited.
- The outbox needs a recipient to send the invitation, so its message goes to the
  family's contact and is about the invitation while it waits to go: the secret itself
  (`token_to_send`) is kept only until then. Once the family's messages about it have
  left (or are no longer needed) the secret is wiped and the message's link to the
  invitation cleared (events/services/check_ins.py); answering clears them at once.
- The answer (`CheckInAnswer`) holds the group, the month, first or later and the three
  answers, nothing else: no time finer than the month, no address, no secret. The
  invitation is deleted in the same transaction as the answer is stored.

What remains known is that a family was invited to check in about a group (the outbox
row, like their bookings); which answer was theirs is not kept anywhere. In a group
with very few answers in a month the answers could still be guessed at, which is why
the report shows nothing for fewer than five (events/selectors/check_ins.py).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.pages import GroupPage


def random_row_id() -> int:
    return secrets.randbelow(2**62) + 1


class CheckInKind(models.TextChoices):
    FIRST = "first", _("After the first session")
    LATER = "later", _("Some weeks later")


class Lonely(models.TextChoices):
    """The Office for National Statistics' recommended answers to "How often do you feel lonely?"."""

    OFTEN = "often", _("Often or always")
    SOMETIMES = "sometimes", _("Some of the time")
    OCCASIONALLY = "occasionally", _("Occasionally")
    HARDLY_EVER = "hardly_ever", _("Hardly ever")
    NEVER = "never", _("Never")


class Welcome(models.TextChoices):
    VERY = "very", _("Very welcome")
    QUITE = "quite", _("Quite welcome")
    NOT_VERY = "not_very", _("Not very welcome")
    NOT_AT_ALL = "not_at_all", _("Not at all welcome")


class ServiceUsed(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_YET = "not_yet", _("Not yet")


class CheckInInvitation(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_row_id, editable=False)
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=CheckInKind.choices)
    # The last day it may be used: a day, not a moment, so that it cannot be matched to the
    # moment the family's message was queued.
    expires_on = models.DateField()
    token_hash = models.CharField(max_length=64, unique=True)
    # The secret, only until the messages carrying it have left; blank afterwards.
    token_to_send = models.CharField(max_length=64, blank=True, default="")

    def __str__(self):
        return f"Check-in invitation ({self.get_kind_display()})"


class CheckInAnswer(models.Model):
    group = models.ForeignKey(GroupPage, on_delete=models.CASCADE, related_name="+")
    # The first day of the month it was answered in.
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=CheckInKind.choices)
    lonely = models.CharField(max_length=20, choices=Lonely.choices, blank=True, default="")
    welcome = models.CharField(max_length=20, choices=Welcome.choices, blank=True, default="")
    service_used = models.CharField(max_length=20, choices=ServiceUsed.choices, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["group", "month"])]

    def __str__(self):
        return f"Check-in answer ({self.get_kind_display()}, {self.month:%Y-%m})"
