"""Admin for the shared lists kept here (topics, audiences), the Directory menu, page serving."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .directory import DirectoryViewSet, DirectoryViewSetGroup
from .models import Audience, Topic
from .page_visibility import page_not_found_under_unpublished_page

hooks.register("before_serve_page", page_not_found_under_unpublished_page)


class TopicViewSet(DirectoryViewSet):
    model = Topic
    icon = "tag"
    menu_label = gettext_lazy("Topics")
    menu_order = 3
    list_display = ["name", "slug"]
    list_export = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class AudienceViewSet(DirectoryViewSet):
    model = Audience
    icon = "group"
    menu_label = gettext_lazy("Who groups are for")
    menu_order = 4
    list_display = ["name", "description"]
    list_export = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None


register_snippet(DirectoryViewSetGroup)
register_snippet(TopicViewSet)
register_snippet(AudienceViewSet)
