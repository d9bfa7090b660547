"""Topic and audience names in the active language (home.models.NameShownMixin)."""

from django import template

from home.models import with_names as names_lookups

register = template.Library()


@register.filter
def with_names(objects):
    """`page.topics.all|with_names`: the topics or audiences with their names in the active
    language, read in one query more (none in English). Objects already listed pass as they are."""
    lookups = names_lookups()
    if not lookups or not hasattr(objects, "prefetch_related"):
        return objects
    return objects.prefetch_related(*lookups)


@register.filter
def names_shown(objects):
    """The names of topics or audiences in the active language, for `|join:", "`."""
    return [item.name_shown for item in objects]
