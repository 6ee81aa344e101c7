"""Form fields and cleaning shared by every public form: what people type, checked once."""

import unicodedata

from django import forms
from django.conf import global_settings
from django.core.validators import EmailValidator
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .memory import FORMS

# Control, format, private-use and surrogate characters: invisible or unprintable,
# they hide text from staff reading it and break the files it is exported to.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}


def has_control_characters(value):
    return any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in value)


def clean_text(value, *, allow_newlines=False):
    """Refuse what no name or comment needs: control characters and markup brackets."""
    value = value.strip()
    checked = value.replace("\n", "").replace("\r", "") if allow_newlines else value
    if has_control_characters(checked):
        raise forms.ValidationError(_("Please remove the special or invisible characters."))
    if "<" in value or ">" in value:
        raise forms.ValidationError(_("Please do not use the characters < or >."))
    return value


class PublicEmailValidator(EmailValidator):
    """An address mail can reach on the internet, written plainly.

    Django's validator accepts "@localhost", addresses at bare IP addresses and
    quoted local parts, which may carry control characters; none is an address
    a supporter has, and each is a way to make us mail somewhere odd.
    """

    message = _("Enter an email address such as name@example.org.")

    def __init__(self):
        super().__init__(allowlist=[])

    def __call__(self, value):
        user, _at, domain = str(value).rpartition("@")
        if has_control_characters(str(value)) or user.startswith('"') or domain.startswith("["):
            raise forms.ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


class PublicEmailField(forms.EmailField):
    default_validators = [PublicEmailValidator()]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("error_messages", {"invalid": PublicEmailValidator.message})
        super().__init__(**kwargs)


class FixedChoices(BaseChoiceIterator):
    """Choices already in their final form, which Django then takes as they are."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)


def country_choices(language):
    """Countries sorted by their name in a language.

    Translating, sorting and normalising ~250 names on each request was a
    tenth of a signature's time: they are kept in home.memory.FORMS.
    """

    def make():
        with translation.override(language):
            return FixedChoices(
                [
                    ("", str(_("Choose your country"))),
                    *((code, str(name)) for code, name in countries),
                ]
            )

    return FORMS.get_or_make(("country-choices", language), make)


def country_names():
    """{code: name} of every country in the active language (what
    `countries.name(code)` says), translated once per language: a list of
    some 190 States named on each request was a tenth of a page's time."""
    language = translation.get_language()
    return FORMS.get_or_make(
        ("country-names", language), lambda: dict(country_choices(language).choices[1:])
    )


class SharedFields(dict):
    """A form's fields, prepared once and shared by every form built from them.

    Django deep-copies a form's fields for each form it builds, so that one form
    may change its own; the public action forms (signing, posting a message)
    change none after preparing them, and the copy was a tenth of a
    signature's CPU (bench/sign.py --profile). Nothing may change these fields
    or their widgets in place.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class CountrySelect(forms.Select):
    """The country list, rendered once per language, value and attributes.

    Its ~250 options through the template engine were over 40 % of the petition
    page's time; the options depend only on the language and on which list it
    shows: `listing` names it when it is not country_choices.
    """

    def __init__(self, attrs=None, choices=(), listing="countries"):
        super().__init__(attrs, choices)
        self.listing = listing

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            "country-select",
            self.listing,
            translation.get_language(),
            name,
            str(value),
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
        )
        return FORMS.get_or_make(
            key, lambda: super(CountrySelect, self).render(name, value, attrs, renderer)
        )


# What people read and write in, well beyond the site's own languages: a union's
# leaflet in Nepali, a message in Tagalog or Amharic.
WORLD_LANGUAGES = sorted(
    {
        **dict(global_settings.LANGUAGES),
        "am": "Amharic",
        "fil": "Filipino",
        "si": "Sinhala",
    }.items(),
    key=lambda item: item[1],
)
