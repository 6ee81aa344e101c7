"""Forms for the staff's side of mailings: audiences (and their live size), the
mailing editor's checks, scheduling, previews and test copies."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.models import Page

from supporters.models import Affiliate, Supporter, email_canonical

from .models import Audience

# The names the live size endpoint reads; audience-size.js sends exactly these.
AUDIENCE_FILTER_FIELDS = (
    "pages",
    "countries",
    "languages",
    "affiliates",
    "tags",
    "joined_from",
    "joined_to",
)
# Scheduling needs a margin: a time a few seconds ahead has passed by the time it is saved.
SCHEDULE_MARGIN = timedelta(minutes=1)


def acted_on_choices(also=()):
    """Live pages people may have acted on or under, one per page whatever its translations.

    A page is offered once, by its first page (the one its translations were
    made from): choosing it covers every language (home/actions.py). Pages in
    `also` (an audience's current choice) are offered too.
    """
    first_pages = (
        Page.objects.order_by().values("translation_key").annotate(first=Min("pk")).values("first")
    )
    return (
        Page.objects.filter(Q(pk__in=first_pages, depth__gt=1) | Q(pk__in=list(also)))
        .live()
        .only("title", "translation_key", "path", "depth")
        .order_by("title", "pk")
    )


def _label(name):
    return Audience._meta.get_field(name).verbose_name


def _help(name):
    return Audience._meta.get_field(name).help_text


def audience_filter_fields(pages=()):
    """Fresh form fields for an audience's filters, shared by the editor and the endpoint.

    `pages` are the audience's pages now, which stay choosable.
    """
    return {
        "pages": forms.ModelMultipleChoiceField(
            queryset=acted_on_choices(also=pages),
            required=False,
            label=_label("pages"),
            help_text=_help("pages"),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        ),
        "countries": forms.MultipleChoiceField(
            choices=list(countries),
            required=False,
            label=_label("countries"),
            help_text=_help("countries"),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        ),
        "languages": forms.MultipleChoiceField(
            choices=settings.LANGUAGES,
            required=False,
            label=_label("languages"),
            help_text=_help("languages"),
            widget=forms.CheckboxSelectMultiple,
        ),
        "affiliates": forms.ModelMultipleChoiceField(
            queryset=Affiliate.objects.order_by("name"),
            required=False,
            label=_label("affiliates"),
            help_text=_help("affiliates"),
            widget=forms.SelectMultiple(attrs={"size": 6}),
        ),
        "tags": forms.ModelMultipleChoiceField(
            queryset=Tag.objects.order_by("name"),
            required=False,
            label=_label("tags"),
            help_text=_help("tags"),
            widget=forms.SelectMultiple(attrs={"size": 6}),
        ),
        "joined_from": forms.DateField(
            required=False, label=_label("joined_from"), widget=AdminDateInput
        ),
        "joined_to": forms.DateField(
            required=False, label=_label("joined_to"), widget=AdminDateInput
        ),
    }


def _check_dates(form, cleaned_data):
    joined_from, joined_to = cleaned_data.get("joined_from"), cleaned_data.get("joined_to")
    if joined_from and joined_to and joined_from > joined_to:
        form.add_error("joined_to", _("This date is before the first one."))


class AudienceForm(WagtailAdminModelForm):
    """The audience editor: the model's fields with choices staff can read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = self.instance.pages.values_list("pk", flat=True) if self.instance.pk else ()
        for name, field in audience_filter_fields(pages).items():
            if name in self.fields:
                self.fields[name] = field
        if self.instance.pk and "countries" in self.initial:
            self.initial["countries"] = [str(c) for c in self.instance.countries]

    def clean(self):
        cleaned_data = super().clean()
        _check_dates(self, cleaned_data)
        return cleaned_data


class AudienceFilterForm(forms.Form):
    """The live size endpoint's input: an audience form's current, unsaved values."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(audience_filter_fields())

    def clean(self):
        cleaned_data = super().clean()
        _check_dates(self, cleaned_data)
        return cleaned_data

    def filters(self):
        return {name: self.cleaned_data.get(name) for name in AUDIENCE_FILTER_FIELDS}


class MailingForm(WagtailAdminModelForm):
    """The mailing editor: one version per language, and at most one fallback."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("versions") if hasattr(self, "formsets") else None
        if formset is None:
            return cleaned_data
        languages, fallbacks = [], 0
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("language"):
                languages.append(form.cleaned_data["language"])
            fallbacks += bool(form.cleaned_data.get("fallback"))
        if len(languages) != len(set(languages)):
            self.add_error(None, _("Two versions have the same language: keep one of them."))
        if fallbacks > 1:
            self.add_error(None, _("Only one version can be the fallback."))
        return cleaned_data


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send at"),
        widget=AdminDateTimeInput,
        help_text=format_lazy(_("Time zone: {zone}."), zone=settings.TIME_ZONE),
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at < timezone.now() + SCHEDULE_MARGIN:
            raise forms.ValidationError(_("Choose a time in the future."))
        return at


def _language_choices(mailing):
    names = dict(settings.LANGUAGES)
    return [
        (v.language, names.get(v.language, v.language))
        for v in mailing.versions.all().order_by("sort_order")
    ]


class PreviewForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    supporter = forms.CharField(
        label=_("As supporter"),
        required=False,
        max_length=254,
        help_text=_("Optional: a supporter's id or email, to see their name and links."),
    )

    def __init__(self, *args, mailing, can_look_up=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(mailing)
        self.can_look_up = can_look_up
        if not can_look_up:
            del self.fields["supporter"]

    def clean_supporter(self):
        value = self.cleaned_data.get("supporter", "").strip()
        if not value:
            return None
        if value.isdigit():
            supporter = Supporter.objects.filter(pk=int(value)).first()
        else:
            supporter = Supporter.objects.filter(email_canonical=email_canonical(value)).first()
        if supporter is None:
            raise forms.ValidationError(_("No supporter has that id or email."))
        return supporter


class TestSendForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, mailing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(mailing)
