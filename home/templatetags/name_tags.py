"""Topic and audience names in the active language (home.models.NameShownMixin)."""

from django import template

from home.models import names_in_language

register = template.Library()


@register.filter
def with_names(objects):
    """`page.topics.all|with_names`: the topics or audiences with their names in the active
    language, read in the same query (nothing more in English). Objects already listed
    (prefetched with names_in_language) pass as they are."""
    if not hasattr(objects, "annotate"):
        return objects
    return names_in_language(objects)


@register.filter
def names_shown(objects):
    """The names of topics or audiences in the active language, for `|join:", "`."""
    return [item.name_shown for item in objects]
