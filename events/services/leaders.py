"""Inviting a group's leaders and taking them off it.

A leader is a Django user in the group's "Group leaders: <group>" role
(home/permissions.py). An invited leader gets an account with no password and an
email with a link to choose one; the link expires (PASSWORD_RESET_TIMEOUT) and stops
working once used. Whoever may invite is checked by the caller
(events.selectors.leaders.user_looks_after_leaders_of).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from events.models import GroupPage
from home.permissions import group_leader_role_ensure
from messaging.channels.email import EMAIL
from messaging.services import message_queue

LEADER_INVITE = "leader_invite"


def _user_for_email(*, email: str, first_name: str):
    """The account for `email`: the one already there, or a new one with no password yet."""
    users = get_user_model().objects.filter(email__iexact=email).order_by("pk")
    if len(users) > 1:
        raise ValidationError({"email": _("More than one account uses this address. Ask an administrator.")})
    if users:
        user = users[0]
        if not user.is_active:
            # Only an account turned off because it lost its last group comes back this
            # way; one an administrator turned off with its rights still on stays off.
            if user.is_superuser or user.groups.exists():
                raise ValidationError({"email": _("This account is turned off. Ask an administrator.")})
            user.is_active = True
            user.save(update_fields=["is_active"])
        return user
    username = email.lower()
    if get_user_model().objects.filter(username=username).exists():
        raise ValidationError({"email": _("An account with this name exists already. Ask an administrator.")})
    user = get_user_model()(username=username, email=email, first_name=first_name, is_active=True)
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        # The account's name is made from the address, so whatever is wrong with it is the address's.
        raise ValidationError({"email": error.messages}) from error
    user.save()
    return user


@transaction.atomic
def leader_invite(*, by, group_page: GroupPage, first_name: str, email: str):
    """Make the person at `email` a leader of `group_page` and email them how to log in."""
    user = _user_for_email(email=email.strip(), first_name=first_name.strip())
    role = group_leader_role_ensure(group_page)
    user.groups.add(role)
    message_queue(channel=EMAIL, kind=LEADER_INVITE, recipient=user, about=group_page)
    log(instance=group_page, action="events.leader_invite", user=by, data={"user": user.pk, "email": user.email})
    return user


@transaction.atomic
def leader_remove(*, by, group_page: GroupPage, user) -> None:
    """Take `user` off `group_page`'s leaders at once.

    Someone left with no role at all is also made inactive, which ends any session
    they are logged in with on their next request; inviting them again brings the
    account back.
    """
    role = group_leader_role_ensure(group_page)
    user.groups.remove(role)
    if not user.is_superuser and not user.groups.exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    log(instance=group_page, action="events.leader_remove", user=by, data={"user": user.pk, "email": user.email})
