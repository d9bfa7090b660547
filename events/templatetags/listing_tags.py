"""Listings of sessions and areas on pages of other apps.

`{% home_page_listing page %}`: the search form, the next sessions, and the areas on
the home page; the newest resources come from resources' own tag.
"""

from django import template

from events.selectors.pages import home_page_listing as home_page_listing_read

register = template.Library()


@register.simple_tag(takes_context=True)
def home_page_listing(context, page):
    # Rendered as {% include %} renders, in the page's own context: the calendar links
    # inside name the site from the site settings a context processor put there, which
    # an inclusion tag's fresh context would lack.
    listing = context.template.engine.get_template("tags/home_page_listing.html")
    with context.push(home_page_listing_read(home=page)):
        return listing.render(context)
