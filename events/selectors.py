"""Reads for the booking domain and the pages that show sessions.

Each function runs one query or a fixed few, whatever the number of groups or
sessions, so pages and feeds cost the same at any size.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, Lower, Substr, TruncMonth
from django.utils import timezone
from wagtail.models import Page

from events.models.bookings import LIVE_BOOKING_STATUSES, WaitingStatus
from events.models.schedules import SessionStatus
from home.page_visibility import public_pages_q

from .models import Booking, Contact, Schedule, Session, WaitingEntry
from .recurrence import LOCAL_TZ, local_datetime


def sessions_public():
    """Sessions of pages anyone may see: where every public list and feed of sessions starts."""
    return Session.objects.filter(public_pages_q("page"))


def _live_booking_sum(field):
    return Coalesce(
        Subquery(
            Booking.objects.filter(session=OuterRef("pk"), status__in=LIVE_BOOKING_STATUSES)
            .order_by()
            .values("session")
            .annotate(total=Sum(field))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def sessions_with_places(queryset=None):
    """Sessions annotated with places booked, places left and waiting-list length."""
    queryset = Session.objects.all() if queryset is None else queryset
    waiting = Coalesce(
        Subquery(
            WaitingEntry.objects.filter(session=OuterRef("pk"), status=WaitingStatus.WAITING)
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return queryset.annotate(
        adults_booked=_live_booking_sum("adults"),
        creche_booked=_live_booking_sum("creche_children"),
        waiting_count=waiting,
    ).annotate(
        adult_places_left=F("adult_places") - F("adults_booked"),
        creche_places_left=F("creche_places") - F("creche_booked"),
    )


def sessions_upcoming(*, pages=None, area=None, after=None, include_cancelled=True, limit=None):
    """Future sessions of pages anyone may see, soonest first, with places left.

    `pages` limits to those group or workshop pages (ids or pages); `area` to the
    groups under an AreaPage. Cancelled sessions are included (so families see that
    a date is off) unless `include_cancelled` is False.
    """
    after = after or timezone.now()
    queryset = sessions_public().filter(end__gte=after)
    if pages is not None:
        queryset = queryset.filter(page__in=[getattr(page, "pk", page) for page in pages])
    if area is not None:
        queryset = queryset.filter(page__path__startswith=area.path, page__depth__gt=area.depth)
    if not include_cancelled:
        queryset = queryset.exclude(status=SessionStatus.CANCELLED)
    queryset = sessions_with_places(queryset.select_related("page", "venue")).order_by("start", "pk")
    return queryset[:limit] if limit else queryset


def session_places_left(*, session) -> dict:
    """Adult and creche places left in one session (one query)."""
    row = (
        sessions_with_places(Session.objects.filter(pk=session.pk))
        .values("adult_places_left", "creche_places_left", "waiting_count")
        .get()
    )
    return row


# Booking pages ---------------------------------------------------------------------


def session_for_booking(*, session_id: int) -> Session | None:
    """One session of a page anyone may see, with its page, venue and places left (one query)."""
    return (
        sessions_with_places(sessions_public().filter(pk=session_id))
        .select_related("page", "venue", "schedule")
        .first()
    )


def session_run(*, session: Session, now: dt.datetime | None = None) -> list[Session]:
    """The sessions "book every session of this run" would book: this one and the rest of its schedule."""
    if session.schedule_id is None:
        return [session]
    now = now or timezone.now()
    return list(
        Session.objects.filter(schedule_id=session.schedule_id, start__gt=now, booking_mode=session.booking_mode)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("start")
    )


def contact_bookings(*, contact: Contact) -> dict:
    """A family's bookings and waiting-list places, soonest first (two queries)."""
    bookings = (
        Booking.objects.filter(contact=contact)
        .select_related("session__page", "session__venue")
        .order_by("session__start", "pk")
    )
    waiting = (
        WaitingEntry.objects.filter(contact=contact)
        .select_related("session__page", "session__venue")
        .order_by("session__start", "pk")
    )
    return {"bookings": list(bookings), "waiting_entries": list(waiting)}


# Staff views ---------------------------------------------------------------------


def staff_page_ids(user):
    """Ids of the group and workshop pages whose sessions and bookings `user` may see, as a subquery.

    The same rule as page editing: staff see every group, an area coordinator the
    groups in their area, a group leader their own group only.
    """
    from home.permissions import pages_editable_by  # noqa: PLC0415 (home imports events models)

    return pages_editable_by(user)


def sessions_for_staff(*, user):
    """Sessions `user` may manage, with places left and waiting-list length."""
    return sessions_with_places(Session.objects.filter(page__in=staff_page_ids(user)).select_related("page", "venue"))


def bookings_for_staff(*, user):
    """Bookings `user` may see, with their session, page and contact."""
    return Booking.objects.filter(session__page__in=staff_page_ids(user)).select_related(
        "session__page", "session__venue", "contact"
    )


def bookings_flag_duplicates(bookings):
    """Mark each live booking that may be a family's second place in the same session.

    `possible_duplicate`: another live booking of the session has the same email
    address (any case) or phone number. `extra_booking`: one of those was made first,
    so this is the one to cancel. Worked out in the same query as the bookings. Only
    staff see this: telling the public form "this address already has a place" would
    tell a stranger who typed it that its owner goes to the group.
    """
    same_details = (
        Booking.objects.filter(session_id=OuterRef("session_id"), status__in=LIVE_BOOKING_STATUSES)
        .annotate(address=Lower("contact__email"))
        .filter(
            Q(address=Lower(OuterRef("contact__email")), contact__email__gt="")
            | Q(contact__phone=OuterRef("contact__phone"), contact__phone__gt="")
        )
    )
    live = Q(status__in=LIVE_BOOKING_STATUSES)
    return bookings.annotate(
        possible_duplicate=Case(
            When(live & Exists(same_details.exclude(pk=OuterRef("pk"))), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        extra_booking=Case(
            When(live & Exists(same_details.filter(pk__lt=OuterRef("pk"))), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def session_register(*, session: Session) -> dict:
    """Who is booked, who walked in and who is waiting, for a session's register (two queries)."""
    bookings = bookings_flag_duplicates(
        Booking.objects.filter(session=session, status__in=LIVE_BOOKING_STATUSES)
        .select_related("contact")
        .order_by("walk_in", "contact__first_name", "pk")
    )
    waiting = (
        WaitingEntry.objects.filter(session=session)
        .exclude(status=WaitingStatus.LEFT)
        .select_related("contact", "booking")
        .order_by("created_at", "pk")
    )
    return {"bookings": list(bookings), "waiting_entries": list(waiting)}


@dataclass
class AttendanceRow:
    page_id: int
    group: str
    month: dt.date
    sessions_held: int = 0
    adults: int = 0
    children: int = 0
    families: int = 0
    first_timers: int = 0

    @property
    def attendances(self) -> int:
        return self.adults + self.children


def attendance_summary(*, user, first: dt.date, last: dt.date, now: dt.datetime | None = None) -> list[AttendanceRow]:
    """Per group (or workshop) and month, for funders: sessions held, people who came, distinct
    families and families coming for the first time. Two queries whatever the size.

    Attendances are the ticked register (bookings and walk-ins marked "came") plus
    the headcounts of drop-in sessions. Families are counted by `household_ref`, which
    outlives the personal details, so the numbers survive the yearly purge. A family
    is a first-timer in the month of its first attended session with that group. A
    family ticked twice in one session (it booked twice) counts once, with the
    numbers of its first booking.
    """
    now = now or timezone.now()
    held = Q(start__gte=local_datetime(first, dt.time())) & Q(
        start__lt=local_datetime(last + dt.timedelta(days=1), dt.time())
    )
    sessions = (
        Session.objects.filter(held, page__in=staff_page_ids(user), start__lt=now)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(month=TruncMonth("start", tzinfo=LOCAL_TZ))
        .values("page_id", "page__title", "month")
        .annotate(
            held=Count("pk"),
            head_adults=Coalesce(Sum("headcount_adults"), 0),
            head_children=Coalesce(Sum("headcount_children"), 0),
        )
        .order_by()
    )
    rows: dict[tuple, AttendanceRow] = {}
    for row in sessions:
        month = row["month"].astimezone(LOCAL_TZ).date() if isinstance(row["month"], dt.datetime) else row["month"]
        rows[(row["page_id"], month)] = AttendanceRow(
            page_id=row["page_id"],
            group=row["page__title"],
            month=month,
            sessions_held=row["held"],
            adults=row["head_adults"],
            children=row["head_children"],
        )
    came_before = Booking.objects.filter(
        household_ref=OuterRef("household_ref"),
        session__page_id=OuterRef("session__page_id"),
        status="attended",
        session__start__lt=OuterRef("month"),
    )
    ticked_earlier = Booking.objects.filter(
        session_id=OuterRef("session_id"),
        household_ref=OuterRef("household_ref"),
        status="attended",
        pk__lt=OuterRef("pk"),
    )
    attended = (
        Booking.objects.filter(
            status="attended", session__in=Session.objects.filter(held, page__in=staff_page_ids(user))
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(Exists(ticked_earlier))
        .filter(session__start__lt=now)
        .annotate(month=TruncMonth("session__start", tzinfo=LOCAL_TZ))
        .annotate(returning=Exists(came_before))
        .values("session__page_id", "month")
        .annotate(
            adults=Sum("adults"),
            children=Sum("children"),
            families=Count("household_ref", distinct=True),
            first_timers=Count("household_ref", distinct=True, filter=Q(returning=False)),
        )
        .order_by()
    )
    for row in attended:
        month = row["month"].astimezone(LOCAL_TZ).date() if isinstance(row["month"], dt.datetime) else row["month"]
        summary = rows.get((row["session__page_id"], month))
        if summary is None:
            continue
        summary.adults += row["adults"] or 0
        summary.children += row["children"] or 0
        summary.families = row["families"]
        summary.first_timers = row["first_timers"]
    return sorted(rows.values(), key=lambda row: (row.group.lower(), row.month))


# Page listings: what each public page shows beside its own fields. Each costs a
# fixed number of queries however many groups, sessions or posts there are.

HOME_PAGE_SESSIONS = 8
HOME_PAGE_RESOURCES = 3
AREA_PAGE_SESSIONS = 10
GROUP_PAGE_SESSIONS = 8
NEWS_POSTS = 5
OTHER_GROUPS_NEWS_POSTS = 3


def next_session_id_subquery(now):
    """Subquery: the id of a page's next session that is going ahead."""
    return Subquery(
        Session.objects.filter(page_id=OuterRef("pk"), end__gte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("start", "pk")
        .values("pk")[:1]
    )


def pages_with_next_session(pages, *, now=None):
    """Set `next_session` (with places left) on each page annotated with `next_session_id`; one query."""
    pages = list(pages)
    ids = [page.next_session_id for page in pages if getattr(page, "next_session_id", None)]
    sessions = {}
    if ids:
        sessions = {s.pk: s for s in sessions_with_places(Session.objects.filter(pk__in=ids).select_related("venue"))}
    for page in pages:
        page.next_session = sessions.get(getattr(page, "next_session_id", None))
    return pages


def areas_with_group_counts():
    """Public areas in title order, each with `group_count` of its public groups."""
    from .models import AreaPage, GroupPage  # noqa: PLC0415 (page models import this module lazily)

    # Counted among the groups, a private one would show that it exists.
    public_groups = (
        GroupPage.objects.filter(public_pages_q())
        .filter(path__startswith=OuterRef("path"))
        .order_by()
        .annotate(total=Func(F("pk"), function="COUNT"))
        .values("total")
    )
    return (
        AreaPage.objects.filter(public_pages_q())
        .annotate(group_count=Coalesce(Subquery(public_groups, output_field=IntegerField()), Value(0)))
        .order_by("title")
    )


def _label_with_area(sessions, areas):
    """Set `area` on each session from the areas already fetched (workshops have none)."""
    by_path = {area.path: area for area in areas}
    for session in sessions:
        session.area = next((area for path, area in by_path.items() if session.page.path.startswith(path)), None)
    return sessions


def home_page_listing(*, home):
    from resources.models import ResourcePage  # noqa: PLC0415

    areas = list(areas_with_group_counts())
    sessions = _label_with_area(list(sessions_upcoming(limit=HOME_PAGE_SESSIONS)), areas)
    resources = (
        ResourcePage.objects.filter(public_pages_q())
        .defer_streamfields()
        .order_by("-first_published_at")[:HOME_PAGE_RESOURCES]
    )
    return {"areas": areas, "next_sessions": sessions, "latest_resources": list(resources)}


def area_index_listing(*, index_page):
    return {"areas": list(areas_with_group_counts().child_of(index_page))}


def area_page_listing(*, area):
    from resources.models import LocalService  # noqa: PLC0415

    from .models import GroupNewsPage, GroupPage  # noqa: PLC0415

    if not area.pk:  # a preview of an area not yet saved has no groups
        return {"groups": [], "sessions": [], "news_posts": [], "local_services": []}
    now = timezone.now()
    groups = pages_with_next_session(
        GroupPage.objects.child_of(area)
        .filter(public_pages_q())
        .defer_streamfields()
        .select_related("venue", "image")
        .prefetch_related("audiences", "image__renditions")
        .annotate(next_session_id=next_session_id_subquery(now))
        .order_by("title"),
        now=now,
    )
    groups_by_path = {group.path: group for group in groups}
    news_posts = list(
        GroupNewsPage.objects.descendant_of(area)
        .filter(public_pages_q())
        .defer_streamfields()
        .order_by("-date", "-pk")[:NEWS_POSTS]
    )
    for post in news_posts:
        post.group = groups_by_path.get(post.path[: -GroupNewsPage.steplen])
    return {
        "groups": groups,
        "sessions": list(sessions_upcoming(area=area, after=now, limit=AREA_PAGE_SESSIONS)),
        "news_posts": news_posts,
        "local_services": list(LocalService.objects.filter(areas=area).order_by("name")),
    }


def group_page_listing(*, group):
    from .models import GroupNewsPage  # noqa: PLC0415

    if not group.pk:
        return {"area": None, "sessions": [], "news_posts": [], "other_groups_news": [], "workshops": []}
    area = group.get_parent()
    news_posts = (
        GroupNewsPage.objects.child_of(group).filter(public_pages_q()).defer_streamfields().order_by("-date", "-pk")
    )
    group_title = Subquery(
        Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - GroupNewsPage.steplen)).values(
            "title"
        )[:1]
    )
    other_groups_news = (
        GroupNewsPage.objects.descendant_of(area)
        .filter(public_pages_q())
        .exclude(path__startswith=group.path)
        .defer_streamfields()
        .annotate(group_title=group_title)
        .order_by("-date", "-pk")
    )
    return {
        "area": area,
        "sessions": list(sessions_upcoming(pages=[group], limit=GROUP_PAGE_SESSIONS)),
        "news_posts": list(news_posts[:NEWS_POSTS]),
        "other_groups_news": list(other_groups_news[:OTHER_GROUPS_NEWS_POSTS]),
        "workshops": list(group.workshops.filter(public_pages_q())),
    }


def workshop_index_listing(*, index_page):
    from .models import WorkshopPage  # noqa: PLC0415

    now = timezone.now()
    last_start = Subquery(Session.objects.filter(page_id=OuterRef("pk")).order_by("-start").values("start")[:1])
    workshops = pages_with_next_session(
        WorkshopPage.objects.child_of(index_page)
        .filter(public_pages_q())
        .prefetch_related("topics")
        .annotate(next_session_id=next_session_id_subquery(now), last_session_start=last_start)
        .order_by("title"),
        now=now,
    )
    upcoming = sorted((w for w in workshops if w.next_session), key=lambda w: w.next_session.start)
    earlier = sorted(
        (w for w in workshops if not w.next_session),
        key=lambda w: (w.last_session_start is not None, w.last_session_start),
        reverse=True,
    )
    return {"upcoming_workshops": upcoming, "earlier_workshops": earlier}


def workshop_page_listing(*, workshop):
    from resources.models import ResourcePage  # noqa: PLC0415

    from .models import GroupPage  # noqa: PLC0415

    if not workshop.pk:
        return {"sessions": [], "groups": [], "related_resources": []}
    topics = list(workshop.topics.all())
    related = ResourcePage.objects.none()
    if topics:
        related = (
            ResourcePage.objects.filter(public_pages_q())
            .defer_streamfields()
            .filter(topics__in=topics)
            .distinct()
            .order_by("-first_published_at")[:3]
        )
    return {
        "sessions": list(sessions_upcoming(pages=[workshop])),
        # By ids, since in a preview the groups chosen in the form are not saved yet.
        "groups": list(GroupPage.objects.filter(public_pages_q(), pk__in=workshop.groups.values_list("pk", flat=True))),
        "related_resources": list(related),
    }


# Calendar feeds ----------------------------------------------------------------


@dataclass(frozen=True)
class CalendarScope:
    """Which sessions a calendar feed lists: the whole site, the groups of an area,
    one group or workshop page, or the sessions one family has booked."""

    kind: str
    page: Page | None = None
    contact: Contact | None = None

    @classmethod
    def site(cls):
        return cls("site")

    @classmethod
    def area(cls, area):
        return cls("area", page=area)

    @classmethod
    def for_page(cls, page):
        return cls("page", page=page)

    @classmethod
    def personal(cls, contact):
        return cls("personal", contact=contact)

    @property
    def key(self) -> str:
        owner = self.page or self.contact
        return f"{self.kind}-{owner.pk}" if owner else self.kind


@dataclass(frozen=True)
class FeedVersion:
    """Identifies one state of a feed: `key` changes whenever what the feed shows may have."""

    key: str
    last_modified: dt.datetime


def calendar_window_start(now: dt.datetime | None = None) -> dt.datetime:
    """Feeds list sessions that end at or after the start of today, local time.

    The site lists sessions until they end; a feed keeps the rest of the day so that
    its content (and its cached copy) changes at most once a day when no data does.
    """
    local_now = timezone.localtime(now or timezone.now(), LOCAL_TZ)
    return local_now.replace(hour=0, minute=0, second=0, microsecond=0)


def _calendar_scope_sessions(scope: CalendarScope, since: dt.datetime):
    """Every session in the scope's window, cancelled ones included.

    A family's own feed lists what they booked even on a page since made private or
    unpublished: they hold its secret address, and the booking still stands.
    """
    if scope.kind == "personal":
        booked = Booking.objects.filter(session=OuterRef("pk"), contact=scope.contact, status__in=LIVE_BOOKING_STATUSES)
        return Session.objects.filter(Exists(booked), end__gte=since)
    queryset = sessions_public().filter(end__gte=since)
    if scope.kind == "area":
        queryset = queryset.filter(page__path__startswith=scope.page.path, page__depth__gt=scope.page.depth)
    elif scope.kind == "page":
        queryset = queryset.filter(page=scope.page)
    elif scope.kind != "site":
        raise ValueError(f"Unknown calendar scope {scope.kind!r}")
    return queryset


def calendar_sessions(scope: CalendarScope, *, since: dt.datetime | None = None) -> list[Session]:
    """The sessions a feed lists, soonest first: four queries however many there are.

    Cancelled sessions are left out (the feed drops them). Each session comes with its
    page, venue and schedule, fetched once each and shared by the sessions that have
    them (a page object per row would cost more than the rest of the feed); schedules
    are annotated with `sessions_changed_at`, the last change to any of their sessions.
    """
    since = since or calendar_window_start()
    schedules = Schedule.objects.annotate(sessions_changed_at=Max("sessions__updated_at"))
    return list(
        _calendar_scope_sessions(scope, since)
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("page", "venue", Prefetch("schedule", queryset=schedules))
        .order_by("start", "pk")
    )


def feed_version(scope: CalendarScope, *, since: dt.datetime | None = None) -> FeedVersion:
    """The version of a feed, from one aggregate query over the sessions it covers.

    A cancellation, move, new or removed session, schedule edit, venue edit or page
    publish changes at least one of the figures, so the next request sees a new version.
    The day is part of it too, because the feed drops sessions once their day is over.
    """
    since = since or calendar_window_start()
    row = _calendar_scope_sessions(scope, since).aggregate(
        sessions=Count("pk"),
        sessions_changed=Max("updated_at"),
        sequences=Sum("sequence"),
        schedules_changed=Max("schedule__updated_at"),
        venues_changed=Max("venue__updated_at"),
        pages_published=Max("page__last_published_at"),
    )
    scope_published = scope.page.last_published_at if scope.page else None
    figures = [scope.key, since.date().isoformat(), *row.values(), scope_published]
    changes = [
        row["sessions_changed"],
        row["schedules_changed"],
        row["venues_changed"],
        row["pages_published"],
        scope_published,
        since,
    ]
    return FeedVersion(
        key="|".join(str(figure) for figure in figures),
        last_modified=max(change for change in changes if change is not None),
    )


__all__ = [
    "AttendanceRow",
    "CalendarScope",
    "attendance_summary",
    "bookings_for_staff",
    "bookings_flag_duplicates",
    "contact_bookings",
    "session_for_booking",
    "session_register",
    "session_run",
    "sessions_for_staff",
    "staff_page_ids",
    "FeedVersion",
    "calendar_sessions",
    "calendar_window_start",
    "feed_version",
    "session_places_left",
    "sessions_public",
    "sessions_upcoming",
    "sessions_with_places",
]
