"""Reads for anonymous check-ins: the invitation a link stands for."""

from django.utils import timezone

from events.models.check_ins import CheckInInvitation
from events.services.check_ins import token_hash


def check_in_invitation_for_token(token: str) -> CheckInInvitation | None:
    """The invitation a link stands for, with `expired` set; None for a link already used or never given."""
    invitation = CheckInInvitation.objects.filter(token_hash=token_hash(token)).select_related("group").first()
    if invitation is not None:
        invitation.expired = invitation.expires_on < timezone.localdate()
    return invitation


__all__ = ["check_in_invitation_for_token"]
