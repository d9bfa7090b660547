"""The site's health on the admin dashboard (the cache, the scheduled jobs), and the whole-site
reports kept for whole-site staff."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.permissions import user_edits_whole_site
from home.scheduled_jobs import scheduled_jobs_late

from .admin_reports import reports_menu_trim
from .cache_backend import cache_in_use
from .page_cache import page_versions_note

hooks.register("construct_reports_menu", reports_menu_trim)
# Which versions a page is stored under, read before it renders (web/page_cache.py).
hooks.register("before_serve_page", page_versions_note)


class CacheHealthPanel(Component):
    """Tells staff when the site is working without its cache, so a slow site has a reason."""

    template_name = "web/admin/cache_health_panel.html"
    order = 50

    def render_html(self, parent_context=None):
        if cache_in_use():
            return ""
        return super().render_html(parent_context)


@hooks.register("construct_homepage_panels")
def add_cache_health_panel(request, panels):
    panels.append(CacheHealthPanel())


class ScheduledJobsPanel(Component):
    """Names each periodic job that stopped (sessions not rolled forward, reminders not sent,
    personal data not purged), so that nobody learns of it from a family."""

    template_name = "web/admin/scheduled_jobs_panel.html"
    # First on the page: whatever else it shows may be out of date while a job is stopped.
    order = 10

    def render_html(self, parent_context=None):
        self.late = scheduled_jobs_late()
        if not self.late:
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        return {"late": self.late}


@hooks.register("construct_homepage_panels")
def add_scheduled_jobs_panel(request, panels):
    """Whole-site staff only: a volunteer leader can do nothing about the server's scheduler."""
    if user_edits_whole_site(request.user):
        panels.append(ScheduledJobsPanel())
