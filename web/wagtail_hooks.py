"""The cache's health on the admin dashboard, and the whole-site reports kept for whole-site staff."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .admin_reports import reports_menu_trim
from .cache_backend import cache_in_use

hooks.register("construct_reports_menu", reports_menu_trim)


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
