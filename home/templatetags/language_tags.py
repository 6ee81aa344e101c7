from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

from home.fallbacks import Untranslated, untranslated_parts

register = template.Library()


@register.filter
def untranslated_field(page, name):
    """` lang=".." dir=".."` when the page's field is still in its source's language."""
    parts = untranslated_parts(page)
    return parts.attrs() if name in parts.fields else ""


@register.filter
def untranslated_block(page, block_id):
    """` lang=".." dir=".."` when the page's block is still in its source's language."""
    if page is None:
        return ""
    parts = untranslated_parts(page)
    return parts.attrs() if block_id in parts.blocks else ""


@register.filter
def untranslated_label(page, text):
    """` lang=".." dir=".."` when an item listed on the page (a goal) still has its
    source's text."""
    if page is None:
        return ""
    parts = untranslated_parts(page)
    return parts.attrs() if text and text in parts.labels else ""


@register.simple_tag
def default_language_attrs():
    """` lang=".." dir=".."` for text staff write once for the whole site (the
    site settings), in the default language, when the page is in another."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    bidi = get_language_info(settings.LANGUAGE_CODE)["bidi"]
    return Untranslated(language=settings.LANGUAGE_CODE, bidi=bidi).attrs()
