"""Site-wide navigation: the main menu, breadcrumbs and footer."""

from django import template
from wagtail.models import Page, Site

from home.localization import page_in_language
from home.models import SiteSettings

register = template.Library()


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """Live top-level pages marked "show in menus", with the current section marked."""
    site = _site(context)
    current = context.get("page")
    items = []
    if site is not None:
        # In another language the menu comes from that language's home page, when it has one.
        root = page_in_language(site.root_page)
        for item in root.get_children().live().public().in_menu().order_by("path"):
            is_current = current is not None and current.path.startswith(item.path)
            items.append(
                {"page": item, "is_current": is_current, "is_exact": current is not None and current.pk == item.pk}
            )
    return {"items": items, "request": context.get("request")}


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from the home page down to (not including) `page`."""
    ancestors = []
    if page is not None and page.pk and page.depth > 2:
        ancestors = list(Page.objects.ancestor_of(page).filter(depth__gt=1).live().order_by("depth"))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("tags/site_footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    site = _site(context)
    # for_request shares the settings the page header already loaded.
    if request is not None and site is not None:
        site_settings = SiteSettings.for_request(request)
    else:
        site_settings = SiteSettings.for_site(site) if site is not None else SiteSettings()
    policy_ids = [pk for pk in (site_settings.privacy_page_id, site_settings.safeguarding_page_id) if pk]
    policies = {page.pk: page for page in Page.objects.filter(pk__in=policy_ids).live()} if policy_ids else {}
    # The privacy notice and safeguarding policy in the visitor's language, where translated.
    policies = {pk: page_in_language(page) for pk, page in policies.items()}
    return {
        "site_settings": site_settings,
        "privacy_page": policies.get(site_settings.privacy_page_id),
        "safeguarding_page": policies.get(site_settings.safeguarding_page_id),
        "request": request,
    }
