"""Plural forms for figures that JavaScript updates in the page.

A template renders each form once per plural category, with a number that
falls in that category, into data attributes (data-one, data-other…); the
script picks the attribute that Intl.PluralRules names for the new figure.
No translation catalogue is sent to the browser.
"""

from django import template

register = template.Library()

# A number in each CLDR plural category, as Intl.PluralRules names them. For
# the site's languages the gettext plural formulas agree: English and Spanish
# use "one" and "other"; French's "one" covers 0 and 1, as its formula does;
# Arabic has all six, with the same ranges as its formula.
PLURAL_SAMPLES = (("zero", 0), ("one", 1), ("two", 2), ("few", 3), ("many", 11), ("other", 100))


@register.simple_tag
def plural_samples():
    """[(category, number), …]: render each form with {% blocktranslate count %}."""
    return PLURAL_SAMPLES
