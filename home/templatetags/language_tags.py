from django import template
from django.conf import settings
from django.utils.translation import get_language

from home.fallbacks import in_default_language, untranslated_parts

register = template.Library()


def _marked(page, kind, key):
    """` lang=".." dir=".."` when `key` is among the page's untranslated `kind`."""
    parts = untranslated_parts(page)
    return parts.attrs() if key and key in getattr(parts, kind) else ""


@register.filter
def untranslated_field(page, name):
    """Marks a field of the page still in its source's language."""
    return _marked(page, "fields", name)


@register.filter
def untranslated_block(page, block_id):
    """Marks a block of the page still in its source's language."""
    return _marked(page, "blocks", block_id)


@register.filter
def untranslated_label(page, text):
    """Marks an item listed on the page (a goal) that still has its source's text."""
    return _marked(page, "labels", text)


@register.simple_tag
def default_language_attrs():
    """` lang=".." dir=".."` for text staff write once for the whole site (the
    site settings), in the default language, when the page is in another."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return in_default_language().attrs()
