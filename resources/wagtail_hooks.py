"""Admin for the local services directory."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet

from home.directory import DirectoryViewSet

from .models import LocalService


class LocalServiceViewSet(DirectoryViewSet):
    model = LocalService
    icon = "help"
    menu_label = gettext_lazy("Local services")
    menu_order = 2
    list_display = ["name", "when", "phone"]
    list_filter = ["areas", "topics"]
    list_export = ["name", "description", "when", "url", "phone"]
    search_fields = ["name", "description", "when"]
    search_backend_name = None


register_snippet(LocalServiceViewSet)
