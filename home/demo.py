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
    "ne": (
        "मोबिलाइज",
        "आप्रवासी श्रमिकका अधिकारका लागि अभियानहरू, जसलाई उद्गम र गन्तव्य देशहरूमा "
        "उनीहरूकै ट्रेड युनियनहरूले सञ्चालन गर्छन्। हस्ताक्षर गरौँ, कदम चालौँ, एकजुट होऔँ।",
    ),
    "bn": (
        "মোবিলাইজ",
        "অভিবাসী শ্রমিকদের অধিকারের জন্য প্রচারাভিযান, যা উৎস ও গন্তব্য দেশগুলোতে তাঁদের "
        "নিজেদের ট্রেড ইউনিয়ন পরিচালনা করে। স্বাক্ষর করুন, এগিয়ে আসুন, একসঙ্গে দাঁড়ান।",
    ),
    "ur": (
        "موبلائز",
        "تارکین وطن مزدوروں کے حقوق کے لیے مہمات، جنہیں آبائی اور میزبان ممالک میں ان کی "
        "اپنی ٹریڈ یونینیں چلاتی ہیں۔ دستخط کریں، قدم اٹھائیں، متحد رہیں۔",
    ),
    "id": (
        "Mobilise",
        "Kampanye untuk hak-hak pekerja migran, dijalankan oleh serikat pekerja mereka di "
        "negara asal dan negara tujuan. Ikut tanda tangan, bergerak, dan bersatu.",
    ),
    "tl": (
        "Mobilise",
        "Mga kampanya para sa karapatan ng mga migranteng manggagawa, na pinangungunahan ng "
        "kanilang mga unyon sa mga bansang pinagmulan at destinasyon. Pumirma, kumilos, at "
        "magkaisa.",
    ),
    "hi": (
        "मोबिलाइज़",
        "प्रवासी कामगारों के अधिकारों के लिए अभियान, जिन्हें मूल और गंतव्य देशों में उनकी "
        "अपनी ट्रेड यूनियनें चलाती हैं। हस्ताक्षर करें, कदम उठाएँ, एकजुट हों।",
    ),
    "si": (
        "මොබිලයිස්",
        "සංක්‍රමණික සේවකයන්ගේ අයිතිවාසිකම් වෙනුවෙන්, මව් රටවල සහ ගමනාන්ත රටවල ඔවුන්ගේම "
        "වෘත්තීය සමිති මෙහෙයවන උද්ඝෝෂණ ව්‍යාපාර. අත්සන් කරන්න, ක්‍රියා කරන්න, එක්ව සිටින්න.",
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
    "ne": (
        "१६ करोड ७७ लाख",
        "अन्तर्राष्ट्रिय आप्रवासी श्रमिक: विश्वका हरेक बीस जना श्रमिकमध्ये एक जना",
    ),
    "bn": ("১৬ কোটি ৭৭ লাখ", "আন্তর্জাতিক অভিবাসী শ্রমিক: বিশ্বের প্রতি বিশজন শ্রমিকের একজন"),
    "ur": (
        "16 کروڑ 77 لاکھ",
        "بین الاقوامی تارکین وطن مزدور: دنیا بھر میں ہر بیس میں سے ایک مزدور",
    ),
    "id": (
        "167,7 juta",
        "pekerja migran internasional: satu dari setiap dua puluh pekerja di dunia",
    ),
    "tl": (
        "167.7 milyon",
        "internasyonal na migranteng manggagawa: isa sa bawat dalawampung manggagawa sa "
        "buong mundo",
    ),
    "hi": ("16.77 करोड़", "अंतरराष्ट्रीय प्रवासी कामगार: दुनिया भर में हर बीस में से एक कामगार"),
    "si": (
        "මිලියන 167.7",
        "ජාත්‍යන්තර සංක්‍රමණික සේවකයන්: ලොව පුරා සෑම සේවකයන් විසිදෙනෙකුගෙන්ම එක් අයෙක්",
    ),
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
