"""The month names Django's date formats look up (django.utils.dates.MONTHS).

Django has no catalogue of its own for Sinhala or Tagalog: listed here, the
names are kept in ours by `make messages` and translated there from the Unicode
CLDR's month names, so "F" in a date format is written in every offered language.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
