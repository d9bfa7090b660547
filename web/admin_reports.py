"""Wagtail's own reports about the whole site (workflows, aging pages, page types) are for
staff who edit the whole site; to a volunteer leader they are noise, and they list pages
and editors beyond their own group. Hidden from the Reports menu and refused by address.
"""

from django.core.exceptions import PermissionDenied

from home.permissions import user_edits_whole_site

# The Reports menu items, by their names in wagtail/admin/wagtail_hooks.py.
WHOLE_SITE_REPORT_ITEMS = {"workflows", "workflow-tasks", "aging-pages", "page-types-usage"}
# Their addresses, by URL name under the wagtailadmin_reports namespace.
WHOLE_SITE_REPORT_VIEWS = {
    f"wagtailadmin_reports:{name}"
    for name in (
        "workflow",
        "workflow_results",
        "workflow_tasks",
        "workflow_tasks_results",
        "aging_pages",
        "aging_pages_results",
        "page_types_usage",
        "page_types_usage_results",
    )
}


def reports_menu_trim(request, items) -> None:
    """For Wagtail's construct_reports_menu hook: drop the whole-site reports for everyone else."""
    if any(item.name in WHOLE_SITE_REPORT_ITEMS for item in items) and not user_edits_whole_site(request.user):
        items[:] = [item for item in items if item.name not in WHOLE_SITE_REPORT_ITEMS]


class WholeSiteReportsMiddleware:
    """Refuses the whole-site reports' addresses to users who do not edit the whole site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in WHOLE_SITE_REPORT_VIEWS:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated or not user_edits_whole_site(user):
                raise PermissionDenied
        return None


__all__ = ["WholeSiteReportsMiddleware", "reports_menu_trim"]
