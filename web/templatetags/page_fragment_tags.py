"""`{% page_fragment name vary... %}...{% endpage_fragment %}`: part of a page kept until its content changes.

Django's `{% cache %}` keyed on the page's content version (web.page_cache.page_content_version):
the cards, news and body a page shows beside its places are drawn once per content version and
language, so the first render after a booking draws only the places afresh. Where the page
cache does not keep the page (a query string, a signed-in editor, the page cache off, a template
rendered outside a page), the context holds no version and the fragment is simply rendered.
"""

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context) -> str:
        version = context.get("page_content_version")
        seconds = context.get("page_cache_seconds")
        if not version or not seconds:
            return self.nodelist.render(context)
        vary_on = [version, get_language(), *(variable.resolve(context) for variable in self.vary_on)]
        key = make_template_fragment_key(f"page-fragment:{self.name}", vary_on)
        fragment = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, seconds)
        return fragment


@register.tag
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("page_fragment needs a name")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])
