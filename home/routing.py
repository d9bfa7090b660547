"""Finding the page an address leads to in two queries, however deep it sits.

Wagtail walks the tree from the site's home page, two queries for each level, so a
group page four levels down costs eight before anything is rendered, and every page
published, moved or deleted makes each page pay that again. A page's `url_path` already
holds the slugs from the top, so the page and every page above it come in one query
and the page itself, with its own links (venue, photo), in a second.
"""

from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from home.page_visibility import ROUTE_PUBLISHED_ATTRIBUTE


def route_from(root, request, path_components):
    """The route to the page under `root` at `path_components`, or None to let Wagtail walk.

    Raises Http404 when the page or one above it is not published, as Wagtail (with
    home.page_visibility's hook) would.
    """
    if not path_components:
        return None
    url_paths, url_path = [], root.url_path
    for slug in path_components:
        url_path += f"{slug}/"
        url_paths.append(url_path)
    chain = list(
        Page.objects.filter(path__startswith=root.path, depth__gt=root.depth, url_path__in=url_paths).order_by("depth")
    )
    # Anything else (no such address, a page listing slugs of its own) is Wagtail's to find.
    if [page.url_path for page in chain] != url_paths or any(
        page.depth != root.depth + n for n, page in enumerate(chain, start=1)
    ):
        return None
    if not root.live or not all(page.live for page in chain):
        raise Http404("No such page")
    found = chain[-1]
    model = found.specific_class
    if model is None:
        return None
    # The page's own links come in the same query, as the page cache's remembered routes do.
    own_links = [field.name for field in model._meta.concrete_fields if field.many_to_one and field.model is model]
    pages = model.objects.filter(pk=found.pk)
    page = (pages.select_related(*own_links) if own_links else pages).first()
    if page is None:
        return None
    page._cached_parent_obj = chain[-2] if len(chain) > 1 else root
    # Published all the way up, so serving it needs no second look at the tree.
    setattr(request, ROUTE_PUBLISHED_ATTRIBUTE, True)
    return RouteResult(page)
