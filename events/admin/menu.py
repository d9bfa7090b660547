"""The Bookings menu of the admin: sessions, bookings, topic ideas, the reports, grants and texts."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from events.admin.bookings import BookingViewSet
from events.admin.check_ins import CheckInResultsViewSet
from events.admin.funder_report import FunderReportViewSet
from events.admin.grants import GrantViewSet
from events.admin.sessions import SessionViewSet
from events.admin.texts import TextsViewSet
from events.admin.topics import TopicViewSet


class BookingAdminGroup(ViewSetGroup):
    menu_label = gettext_lazy("Bookings")
    menu_icon = "date"
    menu_order = 250
    items = (
        SessionViewSet,
        BookingViewSet,
        TopicViewSet,
        FunderReportViewSet,
        CheckInResultsViewSet,
        GrantViewSet,
        TextsViewSet,
    )
