"""One-to-one support: a programme's public page, who works it, the times offered and the requests.

Requests are confidential: they are read only through support.selectors.support_requests_for
(the assigned worker and the programme's safeguarding lead), and changed only through
support.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.localization import LocalisedPageMixin
from home.page_listings import page_listing

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SupportPage(LocalisedPageMixin, Page):
    """A programme's page saying that one-to-one sessions exist, what they are for, and the free times."""

    introduction = RichTextField(features=RICH_TEXT_FEATURES, help_text=_("What the sessions are for, in plain words."))
    how_it_works = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("how_it_works")]
    parent_page_types = ["events.AreaPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "support/support_page.html"

    class Meta:
        verbose_name = _("one-to-one support page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_listing(self, request))
        return context


class SupportRoleKind(models.TextChoices):
    WORKER = "worker", _("One-to-one worker")
    LEAD = "lead", _("Safeguarding lead")


class SupportRole(models.Model):
    """Who works one-to-one sessions for a programme (area), and who is its safeguarding lead."""

    Kind = SupportRoleKind

    area = models.ForeignKey("events.AreaPage", on_delete=models.CASCADE, related_name="support_roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_roles")
    role = models.CharField(max_length=10, choices=SupportRoleKind.choices)

    class Meta:
        verbose_name = _("one-to-one role")
        # Given with a role (support.services.support_role_add): a check that costs no query on
        # every admin page (the menu) before the one that counts, which reads the roles.
        permissions = [("work_one_to_one", _("Works one-to-one sessions or is a safeguarding lead"))]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "user", "role"],
                name="support_role_unique",
                violation_error_message=_("This person already has this role in this programme."),
            ),
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(role="lead"),
                name="support_one_lead_per_area",
                violation_error_message=_("This programme already has a safeguarding lead."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user} ({self.area})"


class SupportMode(models.TextChoices):
    VENUE = "venue", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class SupportSlot(models.Model):
    """A time a worker offers for one session; free until a live request holds it."""

    Mode = SupportMode

    area = models.ForeignKey("events.AreaPage", on_delete=models.PROTECT, related_name="support_slots")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=SupportMode.choices)
    venue = models.ForeignKey("events.Venue", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Slots made together by "repeat weekly" share it.
    series = models.UUIDField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("one-to-one time")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode="venue") | Q(venue__isnull=False), name="support_slot_venue_when_in_person"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="support_slot_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["area", "starts_at"], name="support_slot_area_start")]

    def __str__(self):
        return f"{self.get_mode_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class SupportRequestStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    WANTS_OTHER_TIME = "wants_other_time", _("Wants another time")
    OFFERED = "offered", _("Another time offered")
    CANCELLED = "cancelled", _("Cancelled by the family")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
    HELD = "held", _("Held")
    NOT_HELD = "not_held", _("Did not come")


# A request in one of these holds its slot (and, when offered, its offered slot).
LIVE_REQUEST_STATUSES = (
    SupportRequestStatus.ASKED,
    SupportRequestStatus.WANTS_OTHER_TIME,
    SupportRequestStatus.OFFERED,
)


class SupportRequest(models.Model):
    """A family's request for one slot: confidential, read only through support_requests_for."""

    Status = SupportRequestStatus

    area = models.ForeignKey("events.AreaPage", on_delete=models.PROTECT, related_name="support_requests")
    slot = models.ForeignKey(SupportSlot, on_delete=models.PROTECT, related_name="requests")
    # The assigned worker, copied from the slot.
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_requests")
    # Null once the family's details are erased or purged: the row stays, empty of anything
    # personal, so that the sessions held still count in the funder report.
    contact = models.ForeignKey(
        "events.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="support_requests"
    )
    language = models.CharField(max_length=10, blank=True)
    about = models.CharField(max_length=300, blank=True)
    other_time_wish = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=SupportRequestStatus.choices, default=SupportRequestStatus.ASKED)
    offered_slot = models.ForeignKey(
        SupportSlot, on_delete=models.PROTECT, null=True, blank=True, related_name="offers"
    )
    note = models.CharField(max_length=500, blank=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("one-to-one request")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status__in=LIVE_REQUEST_STATUSES), name="support_one_live_request_per_slot"
            ),
            models.UniqueConstraint(
                fields=["offered_slot"],
                condition=Q(status=SupportRequestStatus.OFFERED),
                name="support_one_open_offer_per_slot",
            ),
            models.CheckConstraint(
                condition=~Q(status=SupportRequestStatus.OFFERED) | Q(offered_slot__isnull=False),
                name="support_offer_has_slot",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_REQUEST_STATUSES
