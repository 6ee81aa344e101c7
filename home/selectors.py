"""Reads for the home page, and for the staff's report of missing translations."""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from .models import HomePageFeature
from .renditions import CARD_SPECS

FEATURES_LIMIT = 6


def home_features(*, home, limit=FEATURES_LIMIT):
    """The pages a home page features, in the editors' order, each in the home page's language.

    A translated home page with no features of its own shows those of the home
    page in the site's default language. A featured page not translated into
    the language is shown as it is. With none chosen, the apps'
    `home_featured_pages` hooks (locale, limit) offer theirs: the campaigns app
    gives its newest active campaigns.
    """
    chosen = _chosen(home)
    if not chosen and home.locale.language_code != settings.LANGUAGE_CODE:
        chosen = _chosen(
            HomePageFeature.objects.filter(
                home__translation_key=home.translation_key,
                home__locale__language_code=settings.LANGUAGE_CODE,
            )
        )
    if not chosen:
        for fallback in hooks.get_hooks("home_featured_pages"):
            pages = list(fallback(locale=home.locale, limit=limit))
            if pages:
                return pages
        return []
    keys = dict(Page.objects.filter(pk__in=chosen).values_list("pk", "translation_key"))
    live = Page.objects.live().public()
    translated = {
        page.translation_key: page
        for page in live.filter(translation_key__in=keys.values(), locale=home.locale)
    }
    as_chosen = {page.pk: page for page in live.filter(pk__in=chosen)}
    pages = []
    for pk in chosen:
        page = translated.get(keys.get(pk)) or as_chosen.get(pk)
        if page is not None and page not in pages:
            pages.append(page)
    pages = _specific_with_images(pages[:limit])
    return pages


def _chosen(home_or_features):
    features = getattr(home_or_features, "features", home_or_features)
    return list(features.order_by("sort_order").values_list("page_id", flat=True))


def _specific_with_images(pages):
    """The pages as their own types, their hero images and card renditions read in one go."""
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()
    }
    pages = [specific[page.pk] for page in pages if page.pk in specific]
    image_ids = {getattr(page, "hero_image_id", None) for page in pages} - {None}
    if image_ids:
        images = get_image_model().objects.prefetch_renditions(*CARD_SPECS).in_bulk(image_ids)
        for page in pages:
            if getattr(page, "hero_image_id", None) in images:
                page.hero_image = images[page.hero_image_id]
    return pages


# The staff's report of missing translations: every live public page of the
# default language (the sources), and its state in each other content language.


class TranslationState(StrEnum):
    MISSING = "missing"
    DRAFT = "draft"
    OUTDATED = "outdated"
    LIVE = "live"


@dataclass(frozen=True)
class TranslationCell:
    """One page in one language: its state and, when it exists, the translation's page id."""

    locale: Locale
    state: TranslationState
    page_id: int | None = None


@dataclass(frozen=True)
class TranslationRow:
    page: Page
    cells: list[TranslationCell]


def translation_locales():
    """The default Locale, and the other content languages' in the settings' order: one query."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    by_code = {
        locale.language_code: locale for locale in Locale.objects.filter(language_code__in=codes)
    }
    default = by_code.get(settings.LANGUAGE_CODE)
    return default, [
        by_code[code] for code in codes if code in by_code and code != settings.LANGUAGE_CODE
    ]


def translation_sources(*, default_locale, missing_in=()):
    """The live public pages in the default language, in the tree's order.

    With missing_in (Locales), only the pages lacking a translation in at
    least one of them; an alias is not a translation (wagtail-localize offers
    to translate it). Reading the view restrictions is the one query this
    makes before the queryset is evaluated.
    """
    pages = (
        Page.objects.live()
        .public()
        .filter(locale=default_locale, depth__gt=1)
        .select_related("content_type")
        .only(
            "id",
            "title",
            "url_path",
            "depth",
            "numchild",
            "translation_key",
            "last_published_at",
            "content_type",
            "locale_id",
        )
        .order_by("path")
    )
    if missing_in:
        translated = (
            Page.objects.filter(
                translation_key=OuterRef("translation_key"),
                locale__in=missing_in,
                alias_of__isnull=True,
            )
            .order_by()
            .values("translation_key")
            .annotate(count=Count("pk"))
            .values("count")
        )
        pages = pages.annotate(
            translated=Coalesce(Subquery(translated, output_field=IntegerField()), 0)
        ).filter(translated__lt=len(missing_in))
    return pages


def translation_rows(*, pages, locales):
    """Each source page with its state in each of locales: one query whatever the number of pages.

    Missing: no translation (or only an alias). Draft: a translation not live.
    Out of date: a live translation last published before the source was.
    Live: a live translation published since.
    """
    pages = list(pages)
    found = {
        (key, locale_id): (pk, live, published)
        for key, locale_id, pk, live, published in Page.objects.filter(
            translation_key__in={page.translation_key for page in pages},
            locale__in=locales,
            alias_of__isnull=True,
        ).values_list("translation_key", "locale_id", "pk", "live", "last_published_at")
    }
    rows = []
    for page in pages:
        cells = []
        for locale in locales:
            translation = found.get((page.translation_key, locale.pk))
            if translation is None:
                cells.append(TranslationCell(locale, TranslationState.MISSING))
                continue
            pk, live, published = translation
            if not live:
                state = TranslationState.DRAFT
            elif published and page.last_published_at and published < page.last_published_at:
                state = TranslationState.OUTDATED
            else:
                state = TranslationState.LIVE
            cells.append(TranslationCell(locale, state, pk))
        rows.append(TranslationRow(page, cells))
    return rows
