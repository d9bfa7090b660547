"""Page listings: what each public page shows beside its own fields.

Each costs a fixed number of queries however many groups, sessions or posts there are.
"""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from events.models import pages as page_models
from events.models.schedules import Session, SessionStatus
from events.selectors.sessions import sessions_public, sessions_upcoming, sessions_with_places
from events.selectors.topics import topics_planned
from home.models import Audience, Topic, names_in_language
from home.page_listings import listing_for
from home.page_visibility import public_pages_q

HOME_PAGE_SESSIONS = 8
AREA_PAGE_SESSIONS = 10
# An area may hold hundreds of groups: a page of cards at a time, a multiple of the two
# and three columns they sit in.
AREA_PAGE_GROUPS = 24
GROUP_PAGE_SESSIONS = 8
NEWS_POSTS = 5
OTHER_GROUPS_NEWS_POSTS = 3
WORKSHOP_PAGE_SESSIONS = 20
GROUP_PAGE_WORKSHOPS = 10
# Upcoming workshops first, then the latest earlier ones, up to this many in all.
WORKSHOP_INDEX_WORKSHOPS = 30


def next_session_id_subquery(now, field="pk"):
    """Subquery: the id (or another `field`) of a page's next session that is going ahead."""
    return Subquery(
        Session.objects.filter(page__translation_key=OuterRef("translation_key"), end__gte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("start", "pk")
        .values(field)[:1]
    )


def parent_title_subquery():
    """Subquery: the title of the page's parent (a news post's group)."""
    return Subquery(
        Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)).values("title")[
            :1
        ]
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


def next_session_annotations(now) -> dict:
    """Annotations: the id, start and status of a page's next session that is going ahead.

    A card shows no more of it than when it starts and whether it moved, so those come
    in the page's own query rather than a second one for the sessions.
    """
    return {
        "next_session_id": next_session_id_subquery(now),
        "next_session_start": next_session_id_subquery(now, "start"),
        "next_session_status": next_session_id_subquery(now, "status"),
    }


def pages_with_next_session_shown(pages):
    """Set `next_session` (its start and status) on each page annotated with next_session_annotations()."""
    pages = list(pages)
    for page in pages:
        page.next_session = (
            Session(pk=page.next_session_id, start=page.next_session_start, status=page.next_session_status)
            if page.next_session_id
            else None
        )
    return pages


def areas_with_group_counts(*, locale_id: int):
    """Public areas in one language, in title order, each with `group_count` of its public groups."""
    # Counted among the groups, a private one would show that it exists.
    public_groups = (
        page_models.GroupPage.objects.filter(public_pages_q())
        .filter(path__startswith=OuterRef("path"))
        .order_by()
        .annotate(total=Func(F("pk"), function="COUNT"))
        .values("total")
    )
    return (
        page_models.AreaPage.objects.filter(public_pages_q(), locale_id=locale_id)
        .annotate(group_count=Coalesce(Subquery(public_groups, output_field=IntegerField()), Value(0)))
        .order_by("title")
    )


def _label_with_area(sessions, areas, *, english: bool):
    """Set `area` on each session from the areas already fetched (workshops have none).

    Sessions belong to English pages, found under their area by path. In another
    language the areas listed are twins with paths of their own, so one more query
    finds the English areas' paths.
    """
    by_path = {area.path: area for area in areas}
    if not english and areas:
        by_key = {area.translation_key: area for area in areas}
        english_areas = Page.objects.filter(
            translation_key__in=by_key, alias_of__isnull=True, locale=Locale.get_default()
        ).values_list("path", "translation_key")
        by_path = {path: by_key[key] for path, key in english_areas}
    for session in sessions:
        session.area = next((area for path, area in by_path.items() if session.page.path.startswith(path)), None)
    return sessions


def home_page_listing(*, home):
    areas = list(areas_with_group_counts(locale_id=home.locale_id))
    english = home.alias_of_id is None and get_language() == settings.LANGUAGE_CODE
    sessions = _label_with_area(list(sessions_upcoming(limit=HOME_PAGE_SESSIONS)), areas, english=english)
    return {"areas": areas, "next_sessions": sessions}


def home_sessions_cut_off(now=None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(When the last of the sessions the home page lists starts, or None when it lists every
    session to come; when the first of them ends, or None when it lists none), in one small query.

    The home page's own choice (home_page_listing), so that a change to a later session can
    leave the cached home page be. The choice holds, whatever the bookings, until a session
    or the page tree changes or that first end passes and the list moves on by itself.
    """
    upcoming = sessions_public().filter(end__gte=now or timezone.now()).order_by("start", "pk")
    listed = list(upcoming.values_list("start", "end")[:HOME_PAGE_SESSIONS])
    last_start = listed[-1][0] if len(listed) == HOME_PAGE_SESSIONS else None
    return last_start, min((end for _start, end in listed), default=None)


@listing_for("events.AreaIndexPage")
def area_index_listing(*, page, request):
    index_page = page
    return {"areas": list(areas_with_group_counts(locale_id=index_page.locale_id).child_of(index_page))}


@listing_for("events.AreaPage")
def area_page_listing(*, page, request):
    area = page
    if not area.pk:  # a preview of an area not yet saved has no groups
        return {"groups": [], "groups_page": None, "sessions": [], "news_posts": [], "topics_planned": []}
    now = timezone.now()
    all_groups = (
        page_models.GroupPage.objects.child_of(area)
        .filter(public_pages_q())
        .defer_streamfields()
        .select_related("venue", "image")
        .prefetch_related(Prefetch("audiences", names_in_language(Audience.objects.all())), "image__renditions")
        .annotate(**next_session_annotations(now))
        .order_by("title", "pk")
    )
    # get_page: a page number that is not one shows the first page, one past the end the last.
    groups_page = Paginator(all_groups, AREA_PAGE_GROUPS).get_page(request.GET.get("page"))
    groups = pages_with_next_session_shown(groups_page.object_list)
    news_posts = list(
        page_models.GroupNewsPage.objects.descendant_of(area)
        .filter(public_pages_q())
        .defer_streamfields()
        .annotate(group_title=parent_title_subquery())
        .order_by("-date", "-pk")[:NEWS_POSTS]
    )
    return {
        "groups": groups,
        "groups_page": groups_page,
        "sessions": list(sessions_upcoming(area=area, after=now, limit=AREA_PAGE_SESSIONS)),
        "news_posts": news_posts,
        "topics_planned": topics_planned(page=area),
    }


@listing_for("events.GroupPage")
def group_page_listing(*, page, request):
    group = page
    if not group.pk:
        return {
            "area": None,
            "sessions": [],
            "news_posts": [],
            "other_groups_news": [],
            "workshops": [],
            "topics_planned": [],
        }
    area = group.get_parent()
    news_posts = (
        page_models.GroupNewsPage.objects.child_of(group)
        .filter(public_pages_q())
        .defer_streamfields()
        .order_by("-date", "-pk")
    )
    other_groups_news = (
        page_models.GroupNewsPage.objects.descendant_of(area)
        .filter(public_pages_q())
        .exclude(path__startswith=group.path)
        .defer_streamfields()
        .annotate(group_title=parent_title_subquery())
        .order_by("-date", "-pk")
    )
    return {
        "area": area,
        "sessions": list(sessions_upcoming(pages=[group], limit=GROUP_PAGE_SESSIONS)),
        "news_posts": list(news_posts[:NEWS_POSTS]),
        "other_groups_news": list(other_groups_news[:OTHER_GROUPS_NEWS_POSTS]),
        # Workshops name the English group; a twin finds them through the shared key.
        "workshops": list(
            page_models.WorkshopPage.objects.filter(
                public_pages_q(), locale_id=group.locale_id, groups__translation_key=group.translation_key
            ).distinct()[:GROUP_PAGE_WORKSHOPS]
        ),
        "topics_planned": topics_planned(page=group),
    }


@listing_for("events.WorkshopIndexPage")
def workshop_index_listing(*, page, request):
    index_page = page
    now = timezone.now()
    last_start = Subquery(
        Session.objects.filter(page__translation_key=OuterRef("translation_key")).order_by("-start").values("start")[:1]
    )
    # Soonest first, then the earlier ones latest first (never held last), in the database,
    # so that only the ones shown are read however many workshops there have been.
    workshops = pages_with_next_session_shown(
        page_models.WorkshopPage.objects.child_of(index_page)
        .filter(public_pages_q())
        .prefetch_related(Prefetch("topics", names_in_language(Topic.objects.all())))
        .annotate(**next_session_annotations(now), last_session_start=last_start)
        .order_by(
            F("next_session_start").asc(nulls_last=True),
            Case(When(next_session_start__isnull=True, then=F("last_session_start"))).desc(nulls_last=True),
            "title",
            "pk",
        )[:WORKSHOP_INDEX_WORKSHOPS]
    )
    upcoming = [w for w in workshops if w.next_session]
    earlier = [w for w in workshops if not w.next_session]
    return {"upcoming_workshops": upcoming, "earlier_workshops": earlier}


@listing_for("events.WorkshopPage")
def workshop_page_listing(*, page, request):
    workshop = page
    if not workshop.pk:
        return {"sessions": [], "groups": []}
    return {
        "sessions": list(sessions_upcoming(pages=[workshop], limit=WORKSHOP_PAGE_SESSIONS)),
        # By ids, since in a preview the groups chosen in the form are not saved yet.
        "groups": list(
            page_models.GroupPage.objects.filter(public_pages_q(), pk__in=workshop.groups.values_list("pk", flat=True))
        ),
    }
