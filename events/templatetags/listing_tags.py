"""Listings of sessions and areas on pages of other apps.

`{% home_page_listing page %}`: the search form, the next sessions, the areas and
the newest resources on the home page.
"""

from django import template

from events.selectors import home_page_listing as home_page_listing_select

register = template.Library()


@register.inclusion_tag("tags/home_page_listing.html", takes_context=True)
def home_page_listing(context, page):
    return {"page": page, "request": context.get("request"), **home_page_listing_select(home=page)}
