"""Which parts of a translated page are still in the language it was translated from.

A translation starts as a copy of its source (wagtail-localize, or "copy for
translation"); a block or a field nobody has translated yet is still the
source's text. Shown as it is inside a right-to-left page, English text is
laid out right to left: full stops at the start of lines, "75.6 million" as
"million 75.6". Marked with the source's `lang` and `dir`, it is laid out and
read aloud as what it is.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class Untranslated:
    language: str = ""
    bidi: bool = False
    blocks: frozenset = frozenset()
    fields: frozenset = frozenset()
    # The source's texts of the page's listed items (a campaign's goals).
    labels: frozenset = frozenset()

    def attrs(self):
        """The attributes that mark an untranslated part (safe HTML, with a leading space)."""
        return format_html(' lang="{}" dir="{}"', self.language, "rtl" if self.bidi else "ltr")


NOTHING = Untranslated()


def in_default_language(**parts):
    """Parts written in the site's default language (the source of every translation)."""
    bidi = get_language_info(settings.LANGUAGE_CODE)["bidi"]
    return Untranslated(language=settings.LANGUAGE_CODE, bidi=bidi, **parts)


def _raw_blocks(value):
    return {block.get("id"): block for block in getattr(value, "raw_data", None) or [] if block}


def untranslated_parts(
    page, fields=("title", "summary", "intro", "prompt"), items=(("goals", "label"),)
):
    """The page's blocks (by id), fields and listed items' texts still equal to
    the default language's page, and that language. Nothing for a page in the
    default language. Worked out once per page object: two queries (the source
    page, its items), on a page drawn afresh."""
    if page is None:
        return NOTHING
    cached = getattr(page, "_untranslated_parts", None)
    if cached is not None:
        return cached
    result = NOTHING
    locale = getattr(page, "locale", None)
    if locale is not None and locale.language_code != settings.LANGUAGE_CODE:
        source = (
            type(page)
            .objects.filter(
                translation_key=page.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .first()
        )
        if source is not None:
            body, source_body = (_raw_blocks(getattr(p, "body", None)) for p in (page, source))
            result = in_default_language(
                blocks=frozenset(
                    block_id
                    for block_id, block in body.items()
                    if block_id in source_body
                    and block.get("value") == source_body[block_id].get("value")
                    and _has_text(block.get("value"))
                ),
                fields=frozenset(
                    name
                    for name in fields
                    if getattr(page, name, None)
                    and getattr(page, name, None) == getattr(source, name, None)
                ),
                labels=frozenset(
                    getattr(item, attribute)
                    for relation, attribute in items
                    if hasattr(source, relation)
                    for item in getattr(source, relation).all()
                ),
            )
    page._untranslated_parts = result
    return result


def _has_text(value):
    """Is there any text in a block's raw value (an image block alone has none)?"""
    if isinstance(value, str):
        return any(char.isalpha() for char in value)
    if isinstance(value, dict):
        return any(_has_text(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_text(item) for item in value)
    return False
