"""Panels that show resources and local services on other apps' pages."""

from django import template
from django.db.models import Q

from home.localization import content_language_q
from resources.selectors import local_services_for_area, resources_for_topics, resources_latest
from web.page_cache import remembered_for_page

register = template.Library()


# The request goes along so that {% pageurl %} reuses the site root paths it cached.
@register.inclusion_tag("tags/latest_resources.html", takes_context=True)
def latest_resources(context):
    page, request = context.get("page"), context.get("request")
    if page is None:
        return {"request": request, "latest_resources": resources_latest(language_q=content_language_q())}
    # The home page in each language lists the resources of its own language; publishing
    # a resource replaces the site's content version, which the page's versions include.
    latest = remembered_for_page(
        page, "latest-resources", lambda: resources_latest(language_q=Q(locale_id=page.locale_id)), request=request
    )
    return {"request": request, "latest_resources": latest}


@register.inclusion_tag("tags/related_resources.html", takes_context=True)
def related_resources(context, page):
    # Publishing a resource or changing the page's topics changes the page's content versions.
    request = context.get("request")
    related = remembered_for_page(page, "related-resources", lambda: resources_for_topics(page=page), request=request)
    return {"request": request, "related_resources": related}


@register.inclusion_tag("tags/area_local_services.html")
def area_local_services(area):
    # A local service saved replaces the site's content version (resources/apps.py).
    return {"local_services": remembered_for_page(area, "local-services", lambda: local_services_for_area(area=area))}
