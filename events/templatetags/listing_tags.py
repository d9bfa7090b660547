"""Listings of sessions and areas on pages of other apps.

`{% home_page_listing page %}`: the search form, the next sessions, the areas and
the newest resources on the home page.
"""

from django import template

from events import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def home_page_listing(context, page):
    # Rendered as {% include %} renders, in the page's own context: the calendar links
    # inside name the site from the site settings a context processor put there, which
    # an inclusion tag's fresh context would lack.
    listing = context.template.engine.get_template("tags/home_page_listing.html")
    with context.push(selectors.home_page_listing(home=page)):
        return listing.render(context)
