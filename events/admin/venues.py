"""Staff admin for venues: area coordinators see and edit the venues of their own areas.

Someone who edits the whole site edits every venue; anyone else edits the venues
whose area is a page they can edit, and files new ones under those areas.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import EditView

from events.models import AreaPage, Venue
from home.directory import DirectoryViewSet
from home.permissions import pages_editable_by, user_edits_whole_site

# What a venue says, in the order staff fill it in: the chooser's "add" form and the export alike.
VENUE_FIELDS = [
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


class VenuePermissionPolicy(ModelPermissionPolicy):
    """Venue permissions, narrowed for area coordinators to the venues of their areas."""

    def _venues_filter(self, user) -> Q | None:
        if user_edits_whole_site(user):
            return None
        return Q(area__in=pages_editable_by(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        venue_filter = self._venues_filter(user)
        if venue_filter is None:
            return True
        return self.model._default_manager.filter(venue_filter, pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        venue_filter = self._venues_filter(user)
        queryset = self.model._default_manager.all()
        return queryset if venue_filter is None else queryset.filter(venue_filter)


venue_permission_policy = VenuePermissionPolicy(Venue)


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
                label=_("Area"),
                help_text=_("The area this venue belongs to. You can add venues to the areas you coordinate."),
            )


class VenueEditView(EditView):
    def get_object(self, queryset=None):
        venue = super().get_object(queryset)
        if not venue_permission_policy.user_has_permission_for_instance(self.request.user, "change", venue):
            raise PermissionDenied
        return venue


class VenueCreationForm(VenueForm):
    """A new venue made without leaving the page being edited: what the public page shows first."""

    class Meta:
        model = Venue
        fields = VENUE_FIELDS


class VenueSearchForm(BaseFilterForm):
    """Finds a venue by part of its name, postcode or address, as the venue listing does.

    Venues are not in the search index, so this filters the table itself (there are tens of them).
    """

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Name, postcode or street")}),
    )

    def filter(self, objects):
        words = self.cleaned_data.get("q", "").split()
        for word in words:
            objects = objects.filter(Q(name__icontains=word) | Q(postcode__icontains=word) | Q(address__icontains=word))
        if words:
            self.is_searching, self.search_query = True, self.cleaned_data["q"]
        return objects


class VenueChooserMixin:
    filter_form_class = VenueSearchForm

    def get_creation_form_kwargs(self):
        # The form offers a coordinator only their own areas.
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}


class VenueChooseView(VenueChooserMixin, ChooseView):
    pass


class VenueChooseResultsView(VenueChooserMixin, ChooseResultsView):
    pass


class VenueChooserCreateView(VenueChooserMixin, SnippetCreateView):
    pass


class VenueChooserViewSet(SnippetChooserViewSet):
    """Choose a venue, or add one in place (for whoever may add venues) when the hall is new."""

    choose_view_class = VenueChooseView
    choose_results_view_class = VenueChooseResultsView
    create_view_class = VenueChooserCreateView
    creation_form_class = VenueCreationForm
    create_action_label = gettext_lazy("Add a venue")
    creation_tab_label = gettext_lazy("New venue")


class VenueViewSet(DirectoryViewSet):
    model = Venue
    icon = "site"
    menu_label = gettext_lazy("Venues")
    menu_order = 1
    edit_view_class = VenueEditView
    chooser_viewset_class = VenueChooserViewSet
    list_display = [
        "name",
        "postcode",
        "area",
        BooleanColumn("step_free_access", label=gettext_lazy("Step-free")),
        BooleanColumn("buggy_space", label=gettext_lazy("Buggy space")),
        BooleanColumn("baby_changing", label=gettext_lazy("Baby changing")),
    ]
    list_filter = ["area", "step_free_access", "buggy_space", "baby_changing"]
    list_export = VENUE_FIELDS
    search_fields = ["name", "postcode", "address"]
    search_backend_name = None
    edit_handler = ObjectList(Venue.panels, base_form_class=VenueForm)

    def get_queryset(self, request):
        return venue_permission_policy.instances_user_has_any_permission_for(
            request.user, {"change", "delete", "view"}
        ).select_related("area")
