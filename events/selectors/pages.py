"""Page listings: what each public page shows beside its own fields.

Each costs a fixed number of queries however many groups, sessions or posts there are.
"""

import datetime as dt

from django.conf import settings
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from events.models import pages as page_models
from events.models.schedules import Session, SessionStatus
from events.selectors.sessions import sessions_public, sessions_upcoming, sessions_with_places
from events.selectors.topics import topics_planned
from home.models import Audience, Topic, names_in_language
from home.page_listings import listing_for
from home.page_visibility import public_pages_q
from home.pagination import page_of
from web.page_cache import remembered_for_page

HOME_PAGE_SESSIONS = 8
# The first areas in title order; the area index lists them all, a page at a time.
HOME_PAGE_AREAS = 12
AREA_INDEX_AREAS = 24
AREA_PAGE_SESSIONS = 10
# An area may hold hundreds of groups: a page of cards at a time, a multiple of the two
# and three columns they sit in.
AREA_PAGE_GROUPS = 24
GROUP_PAGE_SESSIONS = 8
NEWS_POSTS = 5
OTHER_GROUPS_NEWS_POSTS = 3
WORKSHOP_PAGE_SESSIONS = 20
GROUP_PAGE_WORKSHOPS = 10
# Upcoming workshops first, then the earlier ones latest first, this many a page.
WORKSHOP_INDEX_WORKSHOPS = 30


def with_names(objects):
    """Topics or audiences with their names in the active language; a preview's unsaved choices as they are."""
    return names_in_language(objects) if hasattr(objects, "annotate") else objects


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
        .order_by("title", "pk")
    )


def _english_path_subquery():
    """Subquery: the path of the English page that a page translates (or is itself)."""
    return Subquery(
        Page.objects.filter(
            translation_key=OuterRef("translation_key"),
            alias_of__isnull=True,
            locale__language_code=settings.LANGUAGE_CODE,
        ).values("path")[:1]
    )


def _label_with_area(sessions, areas):
    """Set `area` on each session from the areas already fetched (workshops have none).

    Sessions belong to English pages, found under their area by path: the area's own
    path, or in another language the path of the English area it translates.
    """
    by_path = {getattr(area, "english_path", None) or area.path: area for area in areas}
    for session in sessions:
        session.area = next((area for path, area in by_path.items() if session.page.path.startswith(path)), None)
    return sessions


def home_page_listing(*, home):
    sessions = list(sessions_upcoming(limit=HOME_PAGE_SESSIONS))
    in_language = areas_with_group_counts(locale_id=home.locale_id)
    # One query for both what the page lists and what names the sessions' areas: the
    # first areas by title, one more to tell whether there are others, and the areas
    # of the sessions listed (their English pages' ancestors, or those ancestors' twins).
    first_areas = in_language.values("pk")[: HOME_PAGE_AREAS + 1]
    steplen = Page.steplen
    above_sessions = {
        session.page.path[:end] for session in sessions for end in range(steplen, len(session.page.path), steplen)
    }
    areas_of_sessions = Page.objects.filter(path__in=above_sessions).values("translation_key")
    areas = in_language.filter(Q(pk__in=first_areas) | Q(translation_key__in=areas_of_sessions))
    english = home.alias_of_id is None and get_language() == settings.LANGUAGE_CODE
    if not english:
        areas = areas.annotate(english_path=_english_path_subquery())
    areas = list(areas)
    # In title order, the first areas come before any other area a session is in.
    more_areas = len(areas) > HOME_PAGE_AREAS
    return {
        "areas": areas[:HOME_PAGE_AREAS],
        "area_index": _area_index_of(areas[0]) if more_areas else None,
        "next_sessions": _label_with_area(sessions, areas),
    }


def _area_index_of(area):
    """The area index above `area`, as much of it as a link to it needs, with no query.

    Every area sits right under the area index (AreaPage.parent_page_types), and
    Wagtail builds a page's address from its url_path alone, which is its parent's
    followed by its own slug.
    """
    return page_models.AreaIndexPage(url_path=area.url_path.removesuffix(f"{area.slug}/"), locale_id=area.locale_id)


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
    all_areas = areas_with_group_counts(locale_id=index_page.locale_id).child_of(index_page)
    areas_page = page_of(all_areas, per_page=AREA_INDEX_AREAS, number=request.GET.get("page"))
    return {"areas": areas_page.object_list, "areas_page": areas_page}


@listing_for("events.AreaPage")
def area_page_listing(*, page, request):
    area = page
    if not area.pk:  # a preview of an area not yet saved has no groups
        return {"groups": [], "groups_page": None, "sessions": [], "news_posts": [], "topics_planned": []}
    now = timezone.now()
    page_number = request.GET.get("page")
    listed = remembered_for_page(
        area, "area", lambda: _area_groups_and_news(area, page_number, now), request=request, variant=page_number or ""
    )
    return {
        **listed,
        "sessions": list(sessions_upcoming(area=area, after=now, limit=AREA_PAGE_SESSIONS)),
        "topics_planned": topics_planned(page=area),
    }


def _area_groups_and_news(area, page_number, now) -> dict:
    all_groups = (
        page_models.GroupPage.objects.child_of(area)
        .filter(public_pages_q())
        .defer_streamfields()
        .select_related("venue", "image")
        .prefetch_related(Prefetch("audiences", names_in_language(Audience.objects.all())), "image__renditions")
        .annotate(**next_session_annotations(now))
        .order_by("title", "pk")
    )
    groups_page = page_of(all_groups, per_page=AREA_PAGE_GROUPS, number=page_number)
    groups = pages_with_next_session_shown(groups_page.object_list)
    # Kept with the page of cards: the count is read already and the cards are in
    # `groups`, so the query itself need not be kept too.
    groups_page.object_list = groups
    groups_page.paginator.object_list = ()
    news_posts = list(
        page_models.GroupNewsPage.objects.descendant_of(area)
        .filter(public_pages_q())
        .defer_streamfields()
        .annotate(group_title=parent_title_subquery())
        .order_by("-date", "-pk")[:NEWS_POSTS]
    )
    return {"groups": groups, "groups_page": groups_page, "news_posts": news_posts}


@listing_for("events.GroupPage")
def group_page_listing(*, page, request):
    group = page
    if not group.pk:
        return {
            "area": None,
            "audiences": with_names(group.audiences.all()),
            "sessions": [],
            "news_posts": [],
            "other_groups_news": [],
            "workshops": [],
            "topics_planned": [],
        }
    return {
        **remembered_for_page(group, "group", lambda: _group_news_and_workshops(group), request=request),
        "sessions": list(sessions_upcoming(pages=[group], limit=GROUP_PAGE_SESSIONS)),
        "topics_planned": topics_planned(page=group),
    }


def _group_news_and_workshops(group) -> dict:
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
        "audiences": list(with_names(group.audiences.all())),
        "news_posts": list(news_posts[:NEWS_POSTS]),
        "other_groups_news": list(other_groups_news[:OTHER_GROUPS_NEWS_POSTS]),
        # Workshops name the English group; a twin finds them through the shared key.
        "workshops": list(
            page_models.WorkshopPage.objects.filter(
                public_pages_q(), locale_id=group.locale_id, groups__translation_key=group.translation_key
            ).distinct()[:GROUP_PAGE_WORKSHOPS]
        ),
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
    all_workshops = (
        page_models.WorkshopPage.objects.child_of(index_page)
        .filter(public_pages_q())
        .prefetch_related(Prefetch("topics", names_in_language(Topic.objects.all())))
        .annotate(**next_session_annotations(now), last_session_start=last_start)
        .order_by(
            F("next_session_start").asc(nulls_last=True),
            Case(When(next_session_start__isnull=True, then=F("last_session_start"))).desc(nulls_last=True),
            "title",
            "pk",
        )
    )
    workshops_page = page_of(all_workshops, per_page=WORKSHOP_INDEX_WORKSHOPS, number=request.GET.get("page"))
    workshops = pages_with_next_session_shown(workshops_page.object_list)
    upcoming = [w for w in workshops if w.next_session]
    earlier = [w for w in workshops if not w.next_session]
    return {"upcoming_workshops": upcoming, "earlier_workshops": earlier, "workshops_page": workshops_page}


@listing_for("events.WorkshopPage")
def workshop_page_listing(*, page, request):
    workshop = page
    if not workshop.pk:
        return {"sessions": [], "groups": [], "topics": with_names(workshop.topics.all())}
    return {
        **remembered_for_page(workshop, "workshop", lambda: _workshop_groups_and_topics(workshop), request=request),
        "sessions": list(sessions_upcoming(pages=[workshop], limit=WORKSHOP_PAGE_SESSIONS)),
    }


def _workshop_groups_and_topics(workshop) -> dict:
    return {
        # By ids, since in a preview the groups chosen in the form are not saved yet.
        "groups": list(
            page_models.GroupPage.objects.filter(public_pages_q(), pk__in=workshop.groups.values_list("pk", flat=True))
        ),
        "topics": list(with_names(workshop.topics.all())),
    }
