"""Checks that `manage.py check --deploy` runs against a production configuration."""

from django.conf import settings
from django.core import checks

PROXY_COUNT_HINT = (
    "Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app that add the "
    "visitor's address to X-Forwarded-For: 0 if browsers connect straight to gunicorn, "
    "1 behind one proxy such as nginx or a hosting platform's router."
)


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxy_count_check(app_configs, **kwargs):
    proxies = settings.GATHER_TRUSTED_PROXY_COUNT
    if proxies is None:
        return [
            checks.Warning(
                "TRUSTED_PROXY_COUNT is not set, so rate limits and sign-in lock-out count every "
                "request by the address that connects to the app. Behind a proxy that is the proxy's "
                "own address: all families share one allowance and a busy evening locks everyone out.",
                hint=PROXY_COUNT_HINT,
                id="gather.W001",
            )
        ]
    if proxies < 0:
        return [checks.Error(f"TRUSTED_PROXY_COUNT is {proxies}.", hint=PROXY_COUNT_HINT, id="gather.E001")]
    return []
