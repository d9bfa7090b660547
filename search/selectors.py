"""One search across groups, workshops and resources.

Filters narrow each page type with ordinary queries; the words go to Wagtail search
(full text on PostgreSQL, FTS5 on SQLite) over what is left. A filter that does not
apply to a type leaves that type out: resources have no area or meeting day, groups
have no topic. The results page then loads what it shows for all results together,
so it costs the same number of queries for 2 results or 200.

Words that name a place (a village, a postcode district, an area: search/places.py)
put that place's groups first, then the rest of its area, then whatever else matches.
"""

from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, When
from django.utils import timezone
from wagtail.models import Page

from events.models import AreaIndexPage, AreaPage, GroupPage, Session, WorkshopPage
from events.models.schedules import SessionStatus
from events.selectors.pages import next_session_id_subquery, pages_with_next_session
from home.localization import content_language_q
from home.models import Audience, names_in_language
from home.page_visibility import public_pages_q
from resources.models import LocalServiceIndexPage, ResourcePage

from .forms import ISO_WEEK_DAY, SearchForm
from .places import PlaceMatch, place_match

RESULTS_PER_PAGE = 10
# Results of a search for a place are put in order in Python, so they are read as ids, up to this many.
MOST_PLACE_RESULTS = 500


def _pages_meeting_on(iso_week_day, *, now):
    """Translation keys of the pages meeting on that day: sessions belong to the English page,
    and the key finds its twin in every language (home/localization.py)."""
    return (
        Session.objects.filter(start__gte=now, start__iso_week_day=iso_week_day)
        .exclude(status=SessionStatus.CANCELLED)
        .values("page__translation_key")
    )


def _candidates(filters, *, now) -> Q:
    """Which pages the filters allow, as a condition on Page ids."""
    wanted_types = {filters["type"]} if "type" in filters else {"group", "workshop", "resource"}
    area = filters.get("area")
    audience = filters.get("audience")
    topic = filters.get("topic")
    day = filters.get("day")
    condition = Q(pk__in=[])

    if "group" in wanted_types and not topic:
        groups = GroupPage.objects.all()
        if area:
            groups = groups.child_of(area)
        if audience:
            groups = groups.filter(audiences=audience)
        if day:
            groups = groups.filter(translation_key__in=_pages_meeting_on(ISO_WEEK_DAY[day], now=now))
        condition |= Q(pk__in=groups.values("pk"))

    if "workshop" in wanted_types:
        workshops = WorkshopPage.objects.all()
        if area:
            # Venues and workshops name the English area and groups; the keys match any language's.
            groups_here = Page.objects.filter(path__startswith=area.path, depth__gt=area.depth)
            workshops = workshops.filter(
                Q(venue__area__translation_key=area.translation_key)
                | Q(groups__translation_key__in=groups_here.values("translation_key"))
            )
        if audience:
            workshops = workshops.filter(groups__audiences=audience)
        if topic:
            workshops = workshops.filter(topics=topic)
        if day:
            workshops = workshops.filter(translation_key__in=_pages_meeting_on(ISO_WEEK_DAY[day], now=now))
        condition |= Q(pk__in=workshops.values("pk"))

    if "resource" in wanted_types and not (area or audience or day):
        resources = ResourcePage.objects.all()
        if topic:
            resources = resources.filter(topics=topic)
        condition |= Q(pk__in=resources.values("pk"))

    return condition


def _results_with_details(ids, *, areas, now):
    """The specific pages for one page of results (by id, in that order), with what each result shows."""
    groups = (
        GroupPage.objects.filter(pk__in=ids)
        .defer_streamfields()
        .select_related("venue")
        .prefetch_related(Prefetch("audiences", names_in_language(Audience.objects.all())))
        .annotate(next_session_id=next_session_id_subquery(now))
    )
    workshops = (
        WorkshopPage.objects.filter(pk__in=ids)
        .defer_streamfields()
        .annotate(next_session_id=next_session_id_subquery(now))
    )
    resources = ResourcePage.objects.filter(pk__in=ids).defer_streamfields()
    groups = list(groups)
    by_id = {page.pk: page for page in pages_with_next_session([*groups, *workshops], now=now)}
    by_id.update({page.pk: page for page in resources})

    areas_by_path = {area.path: area for area in areas}
    results = []
    for pk in ids:
        specific = by_id.get(pk)
        if specific is None:  # unpublished or removed between the search and this read
            continue
        if isinstance(specific, GroupPage):
            specific.result_type = "Group"
            specific.area = areas_by_path.get(specific.path[: -GroupPage.steplen])
        elif isinstance(specific, WorkshopPage):
            specific.result_type = "Workshop"
        else:
            specific.result_type = specific.get_kind_display()
        results.append(specific)
    return results


def _ids_near(match: PlaceMatch, pages) -> list[int]:
    """Ids of the results of a search for a place: its groups first, then the other groups
    of its area, then the pages whose words match (the words typed besides the place, or
    the place's name). With other words, only pages matching them are results, in that order."""
    place = match.place
    in_area = Q()
    for path in place.area_paths:
        in_area |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
    if place.is_area:
        at_place, near_place = in_area, Q(pk__in=[])
    else:
        at_place = Q(venue__in=place.venue_ids) | Q(title__icontains=place.name)
        near_place = in_area
    nearby = (
        pages.filter(
            Q(pk__in=GroupPage.objects.filter(at_place).values("pk"))
            | Q(pk__in=GroupPage.objects.filter(near_place).values("pk"))
        )
        .annotate(nearness=Case(When(pk__in=GroupPage.objects.filter(at_place).values("pk"), then=0), default=1))
        .order_by("nearness", "title", "pk")
        .values_list("pk", "nearness")[:MOST_PLACE_RESULTS]
    )
    nearness = dict(nearby)
    matching = [page.pk for page in pages.search(match.words or place.name)[:MOST_PLACE_RESULTS]]
    if match.words:
        # sorted() keeps the search's own order among equally near pages.
        return sorted(matching, key=lambda pk: nearness.get(pk, 2))
    return [*nearness, *(pk for pk in matching if pk not in nearness)]


def search_listing(*, params) -> dict:
    # The areas are read once, for the filters, the results and their labels.
    # Results, areas and filters in the visitor's language (home/localization.py).
    language_q = content_language_q()
    areas = list(AreaPage.objects.filter(public_pages_q(), language_q).order_by("title"))
    form = SearchForm(params, objects={"area": areas})
    filters = form.filters()
    query = filters.pop("q", "")
    context = {"search_form": form, "search_query": query, "active_filters": filters, "has_searched": False}
    if not query and not filters:
        return context

    now = timezone.now()
    # As ids, because Wagtail search accepts only plain field lookups on what it searches.
    visible = Page.objects.filter(public_pages_q(), _candidates(filters, now=now), language_q).values("pk")
    pages = Page.objects.live().filter(pk__in=visible)
    place = place_match(query, areas=areas) if query else None
    if place:
        results = _ids_near(place, pages)
        context["place"] = place
    else:
        results = pages.search(query) if query else pages.order_by("title", "pk")
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(params.get("page"))
    ids = [result if place else result.pk for result in page_obj.object_list]
    context.update(
        has_searched=True,
        page_obj=page_obj,
        results=_results_with_details(ids, areas=areas, now=now),
        result_count=page_obj.paginator.count,
    )
    if not context["result_count"]:
        # Somewhere else to look, rather than a dead end.
        context["area_index_page"] = AreaIndexPage.objects.filter(public_pages_q(), language_q).first()
        context["local_service_index_page"] = LocalServiceIndexPage.objects.filter(public_pages_q(), language_q).first()
    return context
