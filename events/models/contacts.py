"""Contacts: the least we need to reach a family, and the unit of export and erasure."""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


def new_short_token():
    """12 URL-safe characters (72 random bits): short enough for a text, too many to guess."""
    return secrets.token_urlsafe(9)


class Contact(models.Model):
    """The least we need to reach a family: the unit that is exported, erased or purged."""

    first_name = models.CharField(max_length=60)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # The language of this contact's latest booking or waiting-list request (see
    # events/language.py): their private pages, calendar and emails use it. Blank is
    # the site's default.
    language = models.CharField(max_length=10, blank=True, default="")
    consent_at = models.DateTimeField(help_text=_("When they agreed to the privacy notice."))
    manage_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The private link in texts, /t/<token>: a manage link short enough for a text.
    text_token = models.CharField(max_length=16, unique=True, default=new_short_token, editable=False)
    # When they agreed to get texts at `phone` (it must be a mobile); None: no texts.
    texts_agreed_at = models.DateTimeField(null=True, blank=True)
    # An anonymous reference copied onto bookings, so that funder reports can still
    # count distinct families after personal details are purged. Only for counting:
    # it comes from what was typed, so it never decides who may see or change what.
    household_ref = models.UUIDField(default=uuid.uuid4, editable=False)
    # Set when a link we emailed to `email` was opened: whoever holds this contact's
    # link then also reads that mailbox (see events/services/privacy.py).
    email_proven_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Sent with the booking form; a second submission of the same form finds this
    # contact and its bookings instead of making new ones.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="contact_has_email_or_phone"),
        ]

    def __str__(self):
        return self.first_name

    @property
    def wants_texts(self) -> bool:
        return bool(self.phone and self.texts_agreed_at)
