"""Leaders' views of the topics families suggest: the list, deciding, entering an idea heard at
the group, a show of hands, and turning a topic into a draft workshop.

Who sees what follows who may edit the group's or area's page: a leader their groups, a
coordinator their area and its groups, staff every one; anyone else is refused or finds nothing.
"""

import datetime as dt

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale, Page

from events.admin.base import ServiceCreateView, ServiceFormMixin, TitleWithButtonsColumn
from events.admin.permissions import GroupPagesPermissionPolicy
from events.admin.topic_forms import (
    Decision,
    ShowOfHandsForm,
    TopicDecisionForm,
    TopicOnBehalfForm,
    TopicWorkshopForm,
)
from events.models import AreaPage, GroupPage, Session, WorkshopIndexPage
from events.models.topics import SuggestionStatus, TopicSuggestion
from events.selectors.topics import topic_merge_targets, topics_for_staff, topics_new_for_staff
from events.services.topics import (
    topic_approve,
    topic_decline,
    topic_merge,
    topic_show_of_hands_record,
    topic_suggest_on_behalf,
    topic_workshop_create,
)
from home.permissions import pages_editable_by


class TopicPermissionPolicy(GroupPagesPermissionPolicy):
    """Suggestions of the group and area pages a user may edit."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return topics_for_staff(user=user)


topic_permission_policy = TopicPermissionPolicy(TopicSuggestion, page_lookup="group", actions={"view", "change", "add"})


def places_for(user):
    """The groups and areas whose topics `user` looks after, for the forms' choices."""
    return Page.objects.filter(pk__in=pages_editable_by(user)).type(GroupPage, AreaPage).order_by("title").specific()


class TopicFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=SuggestionStatus.choices, empty_label=gettext_lazy("Any")
    )

    class Meta:
        model = TopicSuggestion
        fields = []


class TopicIndexView(IndexView):
    page_title = gettext_lazy("Topic ideas")
    add_item_label = gettext_lazy("Add an idea heard at the group")

    def get_base_queryset(self):
        return topics_for_staff(user=self.request.user)

    @cached_property
    def columns(self):
        return [
            TitleWithButtonsColumn(
                "title",
                label=_("Idea"),
                get_url=self.get_edit_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("place", label=_("Group or area"), accessor="place.title"),
            StatusTagColumn("get_status_display", label=_("Status"), sort_key="status"),
            Column("vote_count", label=_("Votes")),
            # Translators: column heading: votes counted from a show of hands at a session.
            Column("hands_count", label=_("By show of hands")),
            DateColumn("created_at", label=_("Suggested")),
        ]

    def get_edit_url(self, instance):
        return reverse("events_topic:edit", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = [ListingButton(_("Decide"), reverse("events_topic:edit", args=[instance.pk]), priority=10)]
        if instance.status == SuggestionStatus.APPROVED and not instance.workshop_id:
            buttons.append(
                ListingButton(
                    _("Record a show of hands"), reverse("events_topic:hands", args=[instance.pk]), priority=20
                )
            )
            if self.may_add_workshops:
                buttons.append(
                    ListingButton(
                        _("Make it a workshop"), reverse("events_topic:workshop", args=[instance.pk]), priority=30
                    )
                )
        return buttons

    @cached_property
    def may_add_workshops(self) -> bool:
        return workshop_index_for(self.request.user) is not None


class TopicObjectMixin:
    """Finds the topic in the URL among the user's; anything else is not found."""

    model = TopicSuggestion
    permission_policy = topic_permission_policy
    header_icon = "help"
    template_name = "events/admin/topic_form.html"

    def get_object(self, queryset=None):
        topic = topics_for_staff(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if topic is None:
            raise Http404("No topic of yours has this number")
        return topic

    def get_form_kwargs(self):
        # The services write the topic, so the form is not bound to it.
        kwargs = super().get_form_kwargs()
        del kwargs["instance"]
        return kwargs

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_topic:index"), "label": _("Topic ideas")},
            {"url": "", "label": self.page_title},
        ]

    def get_page_subtitle(self):
        return self.object.title

    def get_success_url(self):
        return reverse("events_topic:index")

    def get_success_buttons(self):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.object, **kwargs)


class TopicDecideView(ServiceFormMixin, TopicObjectMixin, EditView):
    page_title = gettext_lazy("Decide on an idea")
    edit_url_name = "events_topic:edit"
    form_class = TopicDecisionForm
    submit_button_label = gettext_lazy("Save the decision")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "merge_targets": topic_merge_targets(topic=self.object)}

    def save_instance(self):
        data = self.form.cleaned_data
        if data["decision"] == Decision.APPROVE:
            return topic_approve(topic=self.object)
        if data["decision"] == Decision.DECLINE:
            return topic_decline(topic=self.object, reply=data["reply"])
        return topic_merge(topic=self.object, into=data["merge_into"])

    def get_success_message(self, instance=None):
        topic = instance or self.object
        return _("“%(title)s”: %(status)s.") % {"title": topic.title, "status": topic.get_status_display()}


class TopicShowOfHandsView(ServiceFormMixin, TopicObjectMixin, EditView):
    page_title = gettext_lazy("Record a show of hands")
    edit_url_name = "events_topic:hands"
    form_class = ShowOfHandsForm
    submit_button_label = gettext_lazy("Add the hands to the votes")

    def get_form_kwargs(self):
        topic = self.object
        place = topic.group or topic.area
        sessions = Session.objects.filter(
            page__path__startswith=place.path, start__lte=timezone.now() + dt.timedelta(days=1)
        ).order_by("-start")[:20]
        return {**super().get_form_kwargs(), "sessions": Session.objects.filter(pk__in=[s.pk for s in sessions])}

    def save_instance(self):
        data = self.form.cleaned_data
        topic_show_of_hands_record(
            topic=self.object, hands=data["hands"], session=data["session"], user=self.request.user
        )
        return self.object

    def get_success_message(self, instance=None):
        return _("The show of hands is added to “%(title)s”.") % {"title": self.object.title}


def workshop_index_for(user):
    """The workshops page, when `user` may add workshops to it; None otherwise."""
    index = WorkshopIndexPage.objects.filter(locale=Locale.get_default()).first()
    return index if index and index.permissions_for_user(user).can_add_subpage() else None


class TopicWorkshopView(ServiceFormMixin, TopicObjectMixin, EditView):
    """Staff turn an open topic into a draft workshop page, then finish and publish it as any other."""

    page_title = gettext_lazy("Make it a workshop")
    edit_url_name = "events_topic:workshop"
    form_class = TopicWorkshopForm
    submit_button_label = gettext_lazy("Make a draft workshop")

    def dispatch(self, request, *args, **kwargs):
        if workshop_index_for(request.user) is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        intro = _(
            "A draft workshop page is made with this title and these tags. Add its dates and details, then "
            "publish it: every family who suggested or voted for the topic is then told and can book in one step."
        )
        return super().get_context_data(intro=intro, **kwargs)

    def save_instance(self):
        workshop = topic_workshop_create(topic=self.object, user=self.request.user, tags=self.form.cleaned_data["tags"])
        self.workshop = workshop
        return self.object

    def get_success_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.workshop.pk])

    def get_success_message(self, instance=None):
        return _("A draft workshop “%(title)s” is made. Add its dates, then publish it.") % {
            "title": self.workshop.title
        }


class TopicOnBehalfView(ServiceCreateView):
    """An idea a family said at the group, written down by its leader."""

    model = TopicSuggestion
    permission_policy = topic_permission_policy
    page_title = gettext_lazy("Add an idea heard at the group")
    header_icon = "help"
    template_name = "events/admin/topic_form.html"
    form_class = TopicOnBehalfForm
    add_url_name = "events_topic:add"
    submit_button_label = gettext_lazy("Add the idea")
    index_url_name = "events_topic:index"
    index_label = gettext_lazy("Topic ideas")

    def get_form_extra_kwargs(self):
        return {"places": places_for(self.request.user)}

    def save_instance(self):
        data = self.form.cleaned_data
        return topic_suggest_on_behalf(user=self.request.user, place=data["place"], title=data["title"])

    def get_success_url(self):
        return reverse("events_topic:index")

    def get_success_message(self, instance):
        return _("“%(title)s” is open for votes.") % {"title": instance.title}


class TopicViewSet(ModelViewSet):
    model = TopicSuggestion
    icon = "help"
    menu_label = gettext_lazy("Topic ideas")
    menu_order = 150
    url_prefix = "topics"
    url_namespace = "events_topic"
    index_view_class = TopicIndexView
    filterset_class = TopicFilterSet
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False

    @property
    def permission_policy(self):
        return topic_permission_policy

    def get_permissions_to_register(self):
        # Access follows page editing rights, not these model permissions.
        return super().get_permissions_to_register().none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", TopicOnBehalfView.as_view(), name="add"),
            path("<int:pk>/", TopicDecideView.as_view(), name="edit"),
            path("<int:pk>/hands/", TopicShowOfHandsView.as_view(), name="hands"),
            path("<int:pk>/workshop/", TopicWorkshopView.as_view(), name="workshop"),
        ]


class TopicsNewPanel(Component):
    """The admin home page's list of ideas waiting for a decision in the user's groups and areas."""

    template_name = "events/admin/topics_new_panel.html"
    order = 40
    limit = 8

    def __init__(self, request):
        self.request = request

    @cached_property
    def topics(self):
        return topics_new_for_staff(user=self.request.user, limit=self.limit)

    def render_html(self, parent_context=None):
        # Nothing waiting: no empty panel to scroll past on a phone.
        return super().render_html(parent_context) if self.topics else ""

    def get_context_data(self, parent_context=None):
        return {"topics": self.topics}
