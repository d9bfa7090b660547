"""Parts the staff views share: the group and area filters, a title column with buttons,
the session a view is about, whether its families may still be messaged and its register is
open, and running a service from a form."""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import ButtonsColumnMixin, TitleColumn
from wagtail.admin.views.generic import CreateView
from wagtail.models import Page

from events.admin.permissions import session_permission_policy, user_sees_reports
from events.models import AreaPage, GroupPage, Session, WorkshopPage
from events.models.schedules import SessionStatus
from events.recurrence import LOCAL_TZ
from events.selectors.staff import sessions_for_staff
from home.permissions import pages_editable_by


def group_pages_for(request):
    ids = pages_editable_by(request.user) if request else Page.objects.none().values("pk")
    return Page.objects.filter(pk__in=ids).type(GroupPage, WorkshopPage).order_by("title")


def _areas_for(request):
    return AreaPage.objects.order_by("title")


class GroupFiltersMixin(django_filters.FilterSet):
    """Area and group filters shared by the sessions and bookings listings."""

    page_lookup = "page"

    area = django_filters.ModelChoiceFilter(label=gettext_lazy("Area"), queryset=_areas_for, method="filter_area")
    page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Group or workshop"), queryset=group_pages_for, method="filter_page"
    )

    def filter_area(self, queryset, name, value):
        return queryset.filter(
            **{f"{self.page_lookup}__path__startswith": value.path, f"{self.page_lookup}__depth__gt": value.depth}
        )

    def filter_page(self, queryset, name, value):
        return queryset.filter(**{self.page_lookup: value})


class StaffReportMixin:
    """A page of its own for anyone who may see sessions (events.admin.permissions.user_sees_reports):
    others are refused, and the breadcrumbs end at its title."""

    def dispatch(self, request, *args, **kwargs):
        if not user_sees_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class TitleWithButtonsColumn(ButtonsColumnMixin, TitleColumn):
    """A title cell with the row's action buttons beside it, as in Wagtail's own listings."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


def session_can_be_messaged(session) -> bool:
    """Whether a leader may still message the families: not cancelled, and not over (it may be under way)."""
    return session.status != SessionStatus.CANCELLED and session.end > timezone.now()


def local_text(value) -> str:
    return f"{value.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M}" if value else ""


class SessionObjectMixin:
    """Finds the session in the URL among those the user may manage; anything else is not found."""

    model = Session
    permission_policy = session_permission_policy
    header_icon = "date"

    @cached_property
    def session(self):
        session = sessions_for_staff(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if session is None:
            raise Http404("No session of yours has this number")
        return session

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_session:index"), "label": _("Sessions")},
            {"url": reverse("events_session:register", args=[self.session.pk]), "label": str(self.session)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)


def session_register_open(session) -> bool:
    """The register opens on the day of the session, and never for a cancelled one."""
    return (
        session.status != SessionStatus.CANCELLED and session.start.astimezone(LOCAL_TZ).date() <= timezone.localdate()
    )


class RegisterAccessMixin(SessionObjectMixin):
    """Whoever may see registers, for a session of theirs only (any other is not found)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def register_open(self) -> bool:
        return session_register_open(self.session)


class ServiceFormMixin:
    """Runs the service a valid form asks for; a refusal (a ValidationError) goes onto the form.

    Services check what only they can (places left, a session already started), so a
    form that validated can still be refused, and staff should read why beside it.
    In Wagtail's generic views the service is called from `save_instance()`.
    """

    # The service's own words beside the form say what is wrong; Wagtail's generic
    # "could not be saved" banner on top would only repeat it less clearly.
    error_message = None
    produced_error_message = None

    def service_run(self, form, call):
        """call()'s result, or None once the service's refusal is on the form."""
        try:
            return call()
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return None

    def form_valid(self, form):
        # Caught outside the generic view's transaction, so nothing of a refused change is kept.
        save = super().form_valid
        response = self.service_run(form, lambda: save(form))
        return self.form_invalid(form) if response is None else response


class ServiceCreateView(ServiceFormMixin, CreateView):
    """A row made by a service from a plain form: `save_instance()` calls the service.

    The form is not bound to an instance (the service creates the row), and the
    breadcrumbs run through the listing named by `index_url_name` and `index_label`.
    """

    index_url_name: str
    index_label: str

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.page_title},
        ]

    def get_page_subtitle(self):
        return self.page_subtitle

    def get_form_extra_kwargs(self) -> dict:
        """What the form needs besides the request's data, e.g. the choices this user has."""
        return {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["instance"]
        return {**kwargs, **self.get_form_extra_kwargs()}

    def get_success_buttons(self):
        return []
