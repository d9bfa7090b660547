"""Admin for the shared lists (topics, audiences, venues, local services), cache health, page serving."""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from events.models import AreaPage, Venue
from resources.models import LocalService

from .cache_backend import cache_in_use
from .models import Audience, Topic
from .page_visibility import page_not_found_under_unpublished_page
from .permissions import VenuePermissionPolicy, pages_editable_by, user_edits_whole_site

# Registered before any admin view asks for Venue's policy, so the default one is never made.
venue_permission_policy = VenuePermissionPolicy(Venue)
register_permission_policy(Venue, venue_permission_policy)

hooks.register("before_serve_page", page_not_found_under_unpublished_page)


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    list_export = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = "Who groups are for"
    list_display = ["name", "description"]
    list_export = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None


class VenueForm(WagtailAdminModelForm):
    """Coordinators file new venues under their own areas, so they can edit them later."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user_edits_whole_site(user):
            areas = AreaPage.objects.filter(pk__in=pages_editable_by(user)).order_by("title")
            self.fields["area"] = forms.ModelChoiceField(
                queryset=areas,
                required=True,
                label="Area",
                help_text="The area this venue belongs to. You can add venues to the areas you coordinate.",
            )


class VenueEditView(EditView):
    def get_object(self, queryset=None):
        venue = super().get_object(queryset)
        if not venue_permission_policy.user_has_permission_for_instance(self.request.user, "change", venue):
            raise PermissionDenied
        return venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "Venues"
    edit_view_class = VenueEditView
    list_display = [
        "name",
        "postcode",
        "area",
        BooleanColumn("step_free_access", label="Step-free"),
        BooleanColumn("buggy_space", label="Buggy space"),
        BooleanColumn("baby_changing", label="Baby changing"),
    ]
    list_filter = ["area", "step_free_access", "buggy_space", "baby_changing"]
    list_export = [
        "name",
        "address",
        "postcode",
        "area",
        "map_url",
        "step_free_access",
        "buggy_space",
        "baby_changing",
        "parking",
        "public_transport",
    ]
    search_fields = ["name", "postcode", "address"]
    search_backend_name = None
    edit_handler = ObjectList(Venue.panels, base_form_class=VenueForm)

    def get_queryset(self, request):
        return venue_permission_policy.instances_user_has_any_permission_for(
            request.user, {"change", "delete", "view"}
        ).select_related("area")


class LocalServiceViewSet(SnippetViewSet):
    model = LocalService
    icon = "help"
    menu_label = "Local services"
    list_display = ["name", "when", "phone"]
    list_filter = ["areas", "topics"]
    list_export = ["name", "description", "when", "url", "phone"]
    search_fields = ["name", "description", "when"]
    search_backend_name = None


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (VenueViewSet, LocalServiceViewSet, TopicViewSet, AudienceViewSet)


register_snippet(DirectoryViewSetGroup)


class CacheHealthPanel(Component):
    """Tells staff when the site is working without its cache, so a slow site has a reason."""

    template_name = "home/admin/cache_health_panel.html"
    order = 50

    def render_html(self, parent_context=None):
        if cache_in_use():
            return ""
        return super().render_html(parent_context)


@hooks.register("construct_homepage_panels")
def add_cache_health_panel(request, panels):
    panels.append(CacheHealthPanel())
