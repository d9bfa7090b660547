"""Server errors mailed to ADMINS (when no error tracker is set up), without families'
details, secret links or the server's own passwords.

Django's AdminEmailHandler mails a full report: every frame's local variables, the
request's POST data, cookies and headers, and the settings. Here the report keeps the
traceback and the request's method and path (not its query, which can hold what a
family searched for); every text is passed through
web.error_reporting.scrub_text; settings whose values may hold a password (the database
and cache URLs, the error tracker's DSN) are hidden along with Django's own list.
"""

import re

from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .error_reporting import scrub_text

# Request headers that say what was asked for, and nothing about who asked.
_META_KEPT = {
    "REQUEST_METHOD",
    "PATH_INFO",
    "SCRIPT_NAME",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_HOST",
    "CONTENT_TYPE",
    "CONTENT_LENGTH",
}


class ScrubbedExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|_URL$|DSN|ADMINS", flags=re.I)

    def is_active(self, request):
        return True

    def get_traceback_frame_variables(self, request, tb_frame):
        return []

    def get_post_parameters(self, request):
        return {}

    def get_safe_cookies(self, request):
        return {}

    def get_safe_request_meta(self, request):
        meta = getattr(request, "META", {})
        return {key: value for key, value in meta.items() if key in _META_KEPT}


class ScrubbedExceptionReporter(ExceptionReporter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter = ScrubbedExceptionReporterFilter()

    def _get_raw_insecure_uri(self):
        # The address without its query, which can hold what a family searched for.
        return f"{self.request.scheme}://{self.request._get_raw_host()}{self.request.path}"

    def get_traceback_data(self):
        data = super().get_traceback_data()
        # The template prints request.GET and request.FILES itself, without the filter.
        data["request_GET_items"] = []
        data["request_FILES_items"] = []
        return data


class ScrubbedAdminEmailHandler(AdminEmailHandler):
    """AdminEmailHandler with the report above, as plain text only."""

    def __init__(self, **kwargs):
        super().__init__(include_html=False, reporter_class="web.error_mail.ScrubbedExceptionReporter", **kwargs)

    def send_mail(self, subject, message, *args, **kwargs):
        super().send_mail(scrub_text(subject), scrub_text(message), *args, **kwargs)
