"""Reads for the home page."""

from django.conf import settings
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page

from .models import HomePageFeature
from .renditions import CARD_SPEC

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
        images = get_image_model().objects.prefetch_renditions(CARD_SPEC).in_bulk(image_ids)
        for page in pages:
            if getattr(page, "hero_image_id", None) in images:
                page.hero_image = images[page.hero_image_id]
    return pages
