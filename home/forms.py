"""The Wagtail image form, refusing on the field what home.images cannot clean; the
filters of the staff's report of missing translations."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.images.forms import BaseImageForm

from .images import image_clean


class CleanImageForm(BaseImageForm):
    """Every image upload in the admin (single, multiple, chooser) is checked here first.

    The file itself is cleaned when the image is saved (home/signals.py); checking
    here turns what cannot be cleaned into a message on the field, not an error page.
    """

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            image_clean(file)
        return file


class MissingTranslationsFilterSet(WagtailFilterSet):
    """A language (only its column is shown) and "missing only" (pages lacking a
    translation in that language, or in any language when none is chosen).

    The choices are the content languages other than the default, given by the view.
    """

    language = django_filters.ChoiceFilter(
        label=_("Language"),
        empty_label=_("All languages"),
        widget=forms.RadioSelect,
        method="filter_nothing",
    )
    missing = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("1", _("Pages missing a translation"))],
        empty_label=_("All pages"),
        widget=forms.RadioSelect,
        method="filter_nothing",
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = languages

    def filter_nothing(self, queryset, name, value):
        # The view reads both values: they choose columns and the sources' query.
        return queryset
