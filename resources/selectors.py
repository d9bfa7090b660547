"""Reads for the resource pages and the directory of local services.

Each listing costs a fixed number of queries, however many resources or services exist.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from home.models import Topic, names_in_language
from home.page_listings import listing_for
from home.page_visibility import public_pages_q

# Imported as a module: the page models call these selectors from get_context.
from resources import models as resource_models

from .forms import LocalServiceFilterForm, ResourceFilterForm

RESOURCES_PER_PAGE = 12
RELATED_RESOURCES = 3
RELATED_SERVICES = 4
LATEST_RESOURCES = 3
WORKSHOP_RESOURCES = 3


@listing_for("resources.ResourceIndexPage")
def resource_index_listing(*, page, request):
    index_page, params = page, request.GET
    form = ResourceFilterForm(params)
    filters = form.filters()
    resources = (
        resource_models.ResourcePage.objects.child_of(index_page)
        .live()
        .public()
        .defer_streamfields()
        .prefetch_related(Prefetch("topics", names_in_language(Topic.objects.all())))
        .order_by("-first_published_at", "-pk")
    )
    if "kind" in filters:
        resources = resources.filter(kind=filters["kind"])
    if "topic" in filters:
        resources = resources.filter(topics=filters["topic"])
    page_obj = Paginator(resources, RESOURCES_PER_PAGE).get_page(params.get("page"))
    return {"filter_form": form, "is_filtered": bool(filters), "resources": page_obj, "page_obj": page_obj}


@listing_for("resources.ResourcePage")
def resource_page_listing(*, page, request):
    resource = page
    if not resource.pk:
        return {"related_resources": [], "local_services": []}
    topic_ids = [topic.pk for topic in resource.topics.all()]
    if not topic_ids:
        return {"related_resources": [], "local_services": []}
    related = (
        resource_models.ResourcePage.objects.live()
        .public()
        .defer_streamfields()
        .filter(topics__in=topic_ids, locale_id=resource.locale_id)
        .exclude(pk=resource.pk)
        .distinct()
        .order_by("-first_published_at")[:RELATED_RESOURCES]
    )
    services = (
        resource_models.LocalService.objects.filter(topics__in=topic_ids).distinct().order_by("name")[:RELATED_SERVICES]
    )
    return {"related_resources": list(related), "local_services": list(services)}


@listing_for("resources.LocalServiceIndexPage")
def local_service_listing(*, page, request):
    params = request.GET
    form = LocalServiceFilterForm(params)
    filters = form.filters()
    services = resource_models.LocalService.objects.prefetch_related(
        "areas", Prefetch("topics", names_in_language(Topic.objects.all()))
    ).order_by("name")
    if "area" in filters:
        services = services.filter(areas=filters["area"])
    if "topic" in filters:
        services = services.filter(topics=filters["topic"])
    return {"filter_form": form, "is_filtered": bool(filters), "services": list(services.distinct())}


def resources_latest(*, language_q):
    """The newest resources families may see in one language (`language_q`), for the home page."""
    return list(
        resource_models.ResourcePage.objects.filter(public_pages_q(), language_q)
        .defer_streamfields()
        .order_by("-first_published_at")[:LATEST_RESOURCES]
    )


def resources_for_topics(*, page):
    """Resources sharing a topic with `page` (a workshop), newest first."""
    if not page.pk:  # a preview of a page not yet saved has no topics
        return []
    topics = list(page.topics.all())
    if not topics:
        return []
    return list(
        resource_models.ResourcePage.objects.filter(public_pages_q(), locale_id=page.locale_id)
        .defer_streamfields()
        .filter(topics__in=topics)
        .distinct()
        .order_by("-first_published_at")[:WORKSHOP_RESOURCES]
    )


def local_services_for_area(*, area):
    if not area.pk:
        return []
    return list(resource_models.LocalService.objects.filter(areas=area).order_by("name"))
