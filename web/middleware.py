"""Security headers that Django's own middleware does not set.

Public pages carry the strict policy in settings.SECURE_CSP. The Wagtail admin renders
small inline scripts in its widgets (date pickers, inline panels), so requests under
the admin get settings.GATHER_ADMIN_CSP instead; Django's CSP middleware leaves a
policy header alone when one is already set.
"""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.urls import NoReverseMatch, reverse
from django.utils.csp import CSP, build_policy


def _admin_prefix() -> str | None:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None  # a URL configuration without the admin


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin_prefix = _admin_prefix()
        if admin_prefix and request.path.startswith(admin_prefix) and CSP.HEADER_ENFORCE not in response:
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.GATHER_ADMIN_CSP, get_nonce(request))
        if "Permissions-Policy" not in response:
            response.headers["Permissions-Policy"] = settings.GATHER_PERMISSIONS_POLICY
        return response
