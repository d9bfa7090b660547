"""The email that invites a group's leader, written when the outbox sends it.

The link to choose a password is made at that moment from Django's password reset
token: it lasts PASSWORD_RESET_TIMEOUT from the sending, and stops working once a
password is set (the token is derived from the password). Leaders read the admin in
the site's own language, so the email is written in it too.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy

from events.models import GroupPage
from events.services.leaders import LEADER_INVITE
from home.text import text_clean
from messaging import renderers
from messaging.channels.email import EMAIL, Email, email_from_template
from messaging.models import OutboundMessage
from messaging.renderers import NotNeeded
from web.languages import html_lang

# %(title)s is the group's name.
SUBJECT = gettext_lazy("You are now a leader of %(title)s")


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def set_password_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _absolute(reverse("wagtailadmin_password_reset_confirm", args=[uid, token]))


def leader_invite_render(message: OutboundMessage) -> Email | NotNeeded:
    user = get_user_model().objects.filter(pk=message.recipient_id, is_active=True).first()
    if user is None or not user.email:
        return NotNeeded("the account was removed or turned off")
    group_page = GroupPage.objects.filter(pk=message.about_id).first()
    if group_page is None:
        return NotNeeded("the group's page was deleted")
    if not user.groups.filter(page_permissions__page=group_page).exists():
        return NotNeeded("no longer a leader of the group")
    with translation.override(settings.LANGUAGE_CODE):
        title = text_clean(group_page.title)
        login_url = _absolute(reverse("wagtailadmin_login"))
        # Someone who has a password already (a coordinator who also leads) just logs in.
        password_link = "" if user.has_usable_password() else set_password_url(user)
        return email_from_template(
            to=[user.email],
            subject=SUBJECT % {"title": title},
            template="emails/leader_invite.txt",
            context={
                "user": user,
                "group_title": title,
                "set_password_url": password_link,
                "login_url": login_url,
                "days": max(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60), 1),
                "site_name": settings.WAGTAIL_SITE_NAME,
                "html_lang": html_lang(settings.LANGUAGE_CODE),
                "html_rtl": False,
            },
            links={url: url for url in (login_url, password_link) if url},
        )


def renderers_register() -> None:
    renderers.register(channel=EMAIL, kind=LEADER_INVITE, renderer=leader_invite_render)
