"""sitemap.xml: every public page, in every language, for search engines.

The sitemap lists every page anyone may see (public_pages_q: published all the way up
and under no view restriction), once at its address in each language, each entry
naming the others with hreflang, as the head of every page does. Private links
(a family's booking page, personal feed, check-in answers) are not pages and never
appear; web/robots.py asks crawlers to keep out of them as well.
"""

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.page_visibility import public_pages_q
from web.languages import html_lang, path_in_language

# The sitemap protocol allows 50,000 addresses in one file; each page has one per language.
SITEMAP_PROTOCOL_LIMIT = 50_000


class PublicPagesSitemap(Sitemap):
    limit = SITEMAP_PROTOCOL_LIMIT // len(settings.LANGUAGES)

    def items(self):
        # English pages: every other language has the same tree at the same addresses.
        root = self.get_wagtail_site().root_page
        return Page.objects.descendant_of(root, inclusive=True).filter(public_pages_q()).order_by("path")

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            url_parts = item.get_url_parts(self.request)
            if url_parts is None:  # not under the site's root: no address to give
                continue
            _site_id, root_url, path = url_parts
            lastmod = item.last_published_at or item.latest_revision_created_at
            in_each_language = [
                {"lang_code": html_lang(code), "location": root_url + path_in_language(path, code)}
                for code, _name in settings.LANGUAGES
            ]
            alternates = [*in_each_language, {"lang_code": "x-default", "location": root_url + path}]
            urls += [
                {"item": item, "location": entry["location"], "lastmod": lastmod, "alternates": alternates}
                for entry in in_each_language
            ]
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
