"""Topic and audience names in the active language (home.models.NameShownMixin)."""

from django import template
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language

register = template.Library()


@register.filter
def with_names(objects):
    """`page.topics.all|with_names`: the topics or audiences with their names in the active
    language, read in the same query (a subquery; nothing more in English). Objects already
    listed pass as they are."""
    language = get_language()
    if not language or language == settings.LANGUAGE_CODE or not hasattr(objects, "annotate"):
        return objects
    relation = objects.model._meta.get_field("names")
    names = relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk"), "language": language})
    return objects.annotate(name_in_language=Subquery(names.values("name")[:1]))


@register.filter
def names_shown(objects):
    """The names of topics or audiences in the active language, for `|join:", "`."""
    return [item.name_shown for item in objects]
