"""The admin home page's count of one-to-one requests waiting, for role holders only."""

from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from support.selectors import support_requests_waiting_count


class SupportWaitingPanel(Component):
    template_name = "support/admin/waiting_panel.html"
    order = 35

    def __init__(self, request):
        self.request = request

    @cached_property
    def count(self) -> int:
        return support_requests_waiting_count(self.request.user)

    def get_context_data(self, parent_context=None):
        return {"count": self.count}
