"""The demo site's home page in every language, and the site settings.

The text is drawn from the unions' own action plans. The other apps' demo data
hangs under this home page and is translated with `translate`.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Locale, Site

from .models import HomePage, SiteSettings

HOME = {
    "en": (
        "Mobilise",
        "Campaigns for the rights of migrant workers, run by their unions across countries of "
        "origin and destination. Sign, act and stand together.",
    ),
    "fr": (
        "Mobilise",
        "Des campagnes pour les droits des travailleuses et travailleurs migrants, menées par "
        "leurs syndicats dans les pays d’origine et de destination. Signez, agissez, soyez "
        "solidaires.",
    ),
    "es": (
        "Mobilise",
        "Campañas por los derechos de las personas trabajadoras migrantes, impulsadas por sus "
        "sindicatos en los países de origen y de destino. Firma, actúa y únete.",
    ),
    "ar": (
        "موبيلايز",
        "حملات من أجل حقوق العمال المهاجرين، تقودها نقاباتهم في بلدان المنشأ والمقصد. "
        "وقّع، تحرّك، وتضامن.",
    ),
}

HOME_KEY_FIGURES = {
    "en": ("167.7 million", "international migrant workers: one in twenty workers worldwide"),
    "fr": (
        "167,7 millions",
        "de travailleuses et travailleurs migrants internationaux : un travailleur sur vingt",
    ),
    "es": (
        "167,7 millones",
        "de personas trabajadoras migrantes internacionales: una de cada veinte en el mundo",
    ),
    "ar": ("167.7 مليون", "عامل مهاجر دولي: عامل واحد من كل عشرين عاملًا في العالم"),
}


def home_body(code):
    figure, label = HOME_KEY_FIGURES[code]
    source = "ILO Global Estimates on International Migrant Workers, 2024"
    return [{"type": "key_figure", "value": {"figure": figure, "label": label, "source": source}}]


@dataclass(frozen=True)
class HomeDemo:
    """The English home page, its translations by language code, and the default Site."""

    page: HomePage
    translations: dict[str, HomePage]
    site: Site
    site_settings: SiteSettings


def seed() -> HomeDemo:
    """Give the home page its demo text in every language and the site its name and address."""
    page = HomePage.objects.get(locale=Locale.get_default(), depth=2)
    title, intro = HOME["en"]
    if page.intro != intro:
        page.title, page.intro = title, intro
        page.body = json.dumps(home_body("en"))
        page.save_revision().publish()
    translations = {}
    for code, locale in translation_locales():
        title, intro = HOME[code]
        translations[code] = translate(
            page, locale, title=title, intro=intro, body=json.dumps(home_body(code))
        )
    site, site_settings = _site_settings()
    return HomeDemo(page=page, translations=translations, site=site, site_settings=site_settings)


def translation_locales():
    """(language code, Locale) for each content language other than the default one."""
    return [
        (code, Locale.objects.get(language_code=code))
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]


def translate(page, locale, **fields):
    """The page's translation into locale, published with these fields if it was missing."""
    # A translation already there is kept as it is, so that seeding again
    # changes nothing.
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def _site_settings():
    # Full URLs in share links and emails use the Site's host and port.
    base = urlsplit(settings.BASE_URL)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = base.hostname, base.port or 80
    site.save()
    site_settings = SiteSettings.for_site(site)
    site_settings.organisation_name = "Mobilise"
    site_settings.tagline = "Migrant workers' rights are workers' rights"
    site_settings.footer_text = (
        "A demonstration site. Targets and ratification figures marked “demo data” "
        "are samples, not a record."
    )
    site_settings.save()
    return site, site_settings
