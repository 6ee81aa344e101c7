"""Country names in every offered language (COUNTRIES_OVERRIDE).

django-countries translates its names into some forty languages, none of them
Nepali, Bengali, Urdu, Indonesian, Tagalog, Hindi or Sinhala. For a language it
has no catalogue for, the name comes from the Unicode CLDR through Babel, the
source the operating systems and browsers of these readers use too; for the
others it is django-countries' own name, as before.
"""

import functools
from pathlib import Path

from django.utils.functional import lazy
from django.utils.translation import get_language

# CLDR names Tagalog's locale after Filipino, its standard form.
CLDR_LOCALES = {"tl": "fil"}


@functools.cache
def _translated_by_django_countries(language):
    import django_countries

    catalogues = Path(django_countries.__file__).parent / "locale"
    return language == "en" or (catalogues / language).is_dir()


@functools.cache
def _cldr_names(language):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(CLDR_LOCALES.get(language, language)).territories
    except (UnknownLocaleError, ValueError):
        return {}


def _name(code):
    from django_countries import Countries
    from django_countries.data import COUNTRIES

    language = get_language() or "en"
    if not _translated_by_django_countries(language):
        name = _cldr_names(language).get(code)
        if name:
            return name
    # The short common name where django-countries has one ("Bolivia").
    return str(Countries.COMMON_NAMES.get(code) or COUNTRIES[code])


def country_names_override():
    """{code: the country's name in the active language, when it is read}."""
    from django_countries.data import COUNTRIES

    name = lazy(_name, str)
    return {code: name(code) for code in COUNTRIES}
