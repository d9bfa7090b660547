"""Lock staff sign-in for a while after repeated failures.

Failures are counted in the shared cache per username and per address, so guessing
one account's password from many processes, or many accounts from one address, both
run into the limit. The check lives in the authentication backend so that every way
of signing in obeys it; the login form only turns it into a clear message.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.forms.auth import LoginForm

from .ratelimit import client_address, current_count, hit_count, reset_count

USERNAME_SCOPE = "login-user"
ADDRESS_SCOPE = "login-address"


def _username_identity(username) -> str:
    return (username or "").strip().lower()


def login_locked(request, username) -> bool:
    """True while this username, or the address the request comes from, is locked out."""
    if current_count(USERNAME_SCOPE, _username_identity(username)) >= settings.GATHER_LOGIN_FAILURE_LIMIT:
        return True
    if request is not None:
        per_address = current_count(ADDRESS_SCOPE, client_address(request))
        if per_address >= settings.GATHER_LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return True
    return False


def login_failure_record(request, username) -> None:
    period = settings.GATHER_LOGIN_LOCKOUT_SECONDS
    hit_count(USERNAME_SCOPE, _username_identity(username), period=period)
    if request is not None:
        hit_count(ADDRESS_SCOPE, client_address(request), period=period)


def login_failures_clear(username) -> None:
    reset_count(USERNAME_SCOPE, _username_identity(username))


class LockoutModelBackend(ModelBackend):
    """Django's model backend, refusing locked-out usernames and addresses.

    Raising PermissionDenied stops authenticate() from trying any other backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if login_locked(request, username):
            raise PermissionDenied("Too many failed sign-in attempts.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(request, username)
        else:
            login_failures_clear(username)
        return user

    @staticmethod
    def _username_field():
        return get_user_model().USERNAME_FIELD


def lockout_message() -> str:
    minutes = max(1, settings.GATHER_LOGIN_LOCKOUT_SECONDS // 60)
    return (
        f"Too many failed sign-in attempts. Please wait {minutes} minutes and try again, "
        "or use 'Forgotten password?' to set a new one."
    )


class LockoutLoginForm(LoginForm):
    """Wagtail's login form, saying plainly when sign-in is locked."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and login_locked(self.request, username):
            raise ValidationError(lockout_message(), code="locked_out")
        try:
            return super().clean()
        except ValidationError:
            if username and login_locked(self.request, username):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise
