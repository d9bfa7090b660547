"""Topics families suggest for their group or area, and their votes on what comes next.

What ties a suggestion or a vote to a family, and why:

- A suggestion keeps the contact who made it, so that the family sees on their private
  page what became of it (approved, merged, declined with a reply). The contact goes
  with the family's erasure or purge (events/services/privacy.py); the title stays,
  since a leader approved or declined it and it no longer points to anyone.
- A vote keeps the contact who cast it, so that only that family's link can take it
  back and they can be told when the topic becomes a workshop, and the anonymous
  `household_ref` (as on bookings), so that a family counts once per topic however
  many times it booked. Erasure and purge cut the contact and keep the count.
- A show of hands at a session is one row with the number of hands, no contact and no
  household: it is counted and shown as such.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.contacts import Contact
from events.models.pages import AreaPage, GroupPage, WorkshopPage
from events.models.schedules import Session

TOPIC_TITLE_MAX_LENGTH = 80
TOPIC_REPLY_MAX_LENGTH = 300
# A family's votes on topics still open; a fourth means taking one back first.
LIVE_VOTES_PER_FAMILY = 3


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a leader")
    APPROVED = "approved", _("Open for votes")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Joined with a similar topic")


class TopicSuggestion(models.Model):
    """A workshop topic or new activity suggested for one group or one area."""

    group = models.ForeignKey(GroupPage, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(AreaPage, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=TOPIC_TITLE_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_topics"
    )
    reply = models.CharField(max_length=TOPIC_REPLY_MAX_LENGTH, blank=True, default="")
    # The family who suggested it; None when a leader wrote down what was said at a session
    # without a booking to hand, and once the family's details are erased or purged.
    suggested_by = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggested_topics"
    )
    entered_on_behalf = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The draft (then live) workshop made from this topic.
    workshop = models.ForeignKey(
        WorkshopPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="from_topics"
    )
    # When the families who suggested or voted for it were told the workshop can be booked.
    families_told_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, area__isnull=True) | Q(group__isnull=True, area__isnull=False),
                name="topic_for_a_group_or_an_area",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False) | ~Q(status="merged"),
                name="topic_merged_names_its_topic",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def place(self):
        """The group or area page it is for."""
        return self.group or self.area


class TopicVote(models.Model):
    topic = models.ForeignKey(TopicSuggestion, on_delete=models.CASCADE, related_name="votes")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="topic_votes")
    # Counted like families in the funder report; None for a show of hands.
    household_ref = models.UUIDField(null=True, blank=True, editable=False)
    # A show of hands: how many, and at which session; one for a family's own vote.
    hands = models.PositiveSmallIntegerField(default=1)
    show_of_hands = models.BooleanField(default=False)
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "household_ref"],
                condition=Q(household_ref__isnull=False),
                name="topic_vote_one_per_family",
            ),
            models.CheckConstraint(
                condition=Q(show_of_hands=False, hands=1, household_ref__isnull=False)
                | Q(show_of_hands=True, hands__gte=1, household_ref__isnull=True, contact__isnull=True),
                name="topic_vote_family_or_show_of_hands",
            ),
        ]

    def __str__(self):
        return f"Vote for {self.topic}"
