"""Security headers that Django's own middleware does not set.

Public pages carry the strict policy in settings.SECURE_CSP. The Wagtail admin renders
small inline scripts in its widgets (date pickers, inline panels), so requests under
the admin get settings.GATHER_ADMIN_CSP instead; Django's CSP middleware leaves a
policy header alone when one is already set.
"""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.urls import reverse
from django.utils.csp import CSP, build_policy
from django.utils.functional import SimpleLazyObject


def _admin_prefix():
    return reverse("wagtailadmin_home")


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = SimpleLazyObject(_admin_prefix)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(str(self.admin_prefix)) and CSP.HEADER_ENFORCE not in response:
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.GATHER_ADMIN_CSP, get_nonce(request))
        if "Permissions-Policy" not in response:
            response.headers["Permissions-Policy"] = settings.GATHER_PERMISSIONS_POLICY
        return response
