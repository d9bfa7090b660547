"""Language names for staff: `{{ contact.language|family_language_name }}` gives e.g. "Urdu" for "ur"."""

from django import template
from django.conf import settings

from events import language

register = template.Library()


@register.filter
def family_language_name(code) -> str:
    """The name of a language stored for a family, where blank is the site's default language."""
    return language.language_name(code or settings.LANGUAGE_CODE)
