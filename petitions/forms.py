import copy
import re
import time
from datetime import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import AdminDateTimeInput, BooleanRadioSelect

from home.fields import (
    CountrySelect,
    PublicEmailField,
    SharedFields,
    clean_text,
    country_choices,
)
from home.memory import FORMS
from home.pagecache import FORM_STARTED, FORM_STARTED_SALT, form_started_read
from supporters.models import Affiliate

from .models import PaperSignatures, PetitionPage, Signature

# The form's hidden "started" field: see home.pagecache (forms in shared pages).
STARTED_SALT = FORM_STARTED_SALT
SOURCE_PATTERN = re.compile(r"[^A-Za-z0-9_.-]")


def clean_source(value):
    """Codes carried in links are short and plain; anything else is dropped, not refused."""
    return SOURCE_PATTERN.sub("", value or "")[:64]


class SignatureForm(forms.Form):
    """The petition form. Works without JavaScript; every error says what to change."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = PublicEmailField(
        label=_("Email"),
        help_text=_("We send you a link to confirm your signature."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    country = forms.ChoiceField(
        label=_("Country where you live"),
        widget=CountrySelect(attrs={"autocomplete": "country"}),
    )
    union = forms.CharField(
        label=_("Your union (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    display = forms.ChoiceField(
        label=_("How should your signature appear?"),
        choices=Signature.Display.choices,
        initial=Signature.Display.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    opt_in = forms.BooleanField(required=False)
    # A field people never see; software that fills every field fills it too.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    src = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_source = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_medium = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, petition, **kwargs):
        # Set before Django copies base_fields into self.fields (see SharedFields).
        self.base_fields = signature_fields(
            translation.get_language(),
            petition.opt_in_notice,
            petition.ask_affiliate,
            petition.ask_phone,
            petition.ask_comment,
        )
        super().__init__(*args, **kwargs)
        self.petition = petition
        if not self.is_bound:
            # Stamped with the time in each response (home.pagecache), cached page or not.
            self.initial.setdefault("started", FORM_STARTED)

    def clean_first_name(self):
        return clean_text(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_text(self.cleaned_data["last_name"])

    def clean_union(self):
        return clean_text(self.cleaned_data.get("union", ""))

    def clean_phone(self):
        phone = clean_text(self.cleaned_data.get("phone", ""))
        if phone and not re.fullmatch(r"\+?[0-9 ()./-]{6,40}", phone):
            raise forms.ValidationError(
                _("Enter a phone number with digits only, for example +977 1 4412345.")
            )
        return phone

    def clean_comment(self):
        return clean_text(self.cleaned_data.get("comment", ""), allow_newlines=True)

    def clean(self):
        cleaned = super().clean()
        for name in ("src", "utm_source", "utm_medium", "utm_campaign"):
            cleaned[name] = clean_source(cleaned.get(name, ""))
        if self._started() == "expired":
            # A marker works for a day, so one copied into a script does not work for
            # ever; a person who left the page open signs again with a fresh one.
            self.data = self.data.copy()
            self.data["started"] = FORM_STARTED
            self.add_error(
                None,
                _("This form was opened too long ago. Please check your details and sign again."),
            )
        return cleaned

    def signature_details(self):
        """What the signer gave, named as Signature's fields, for services.signature_sign."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "country": data["country"],
            "display": data["display"],
            "opt_in": data["opt_in"],
            "union_name": data.get("union", ""),
            "phone": data.get("phone", ""),
            "comment": data.get("comment", ""),
            "language": translation.get_language() or "",
            "source": data["src"],
            "utm_source": data["utm_source"],
            "utm_medium": data["utm_medium"],
            "utm_campaign": data["utm_campaign"],
        }

    def has_field_errors(self):
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def fill_seconds(self):
        """Seconds since the form was shown; None if the marker is missing or forged."""
        started = self._started()
        return None if isinstance(started, str) else time.time() - started

    def _started(self):
        """When the form was shown (a time), or "expired", or "forged" (missing too)."""
        return form_started_read(
            self.cleaned_data.get("started", ""), max_age=settings.PETITION_FORM_MAX_AGE
        )


def signature_fields(language, opt_in_notice, ask_affiliate, ask_phone, ask_comment):
    """SignatureForm's fields for one language and one petition's choices of what to ask."""

    def make():
        fields = copy.deepcopy(SignatureForm.declared_fields)
        fields["country"].choices = country_choices(language)
        fields["opt_in"].label = opt_in_notice
        for name, asked in (
            ("union", ask_affiliate),
            ("phone", ask_phone),
            ("comment", ask_comment),
        ):
            if not asked:
                del fields[name]
        return SharedFields(fields)

    key = ("signature-fields", language, opt_in_notice, ask_affiliate, ask_phone, ask_comment)
    return FORMS.get_or_make(key, make)


class ConfirmForm(forms.Form):
    """The confirmation button: a POST, so that mail scanners opening links confirm nothing."""


# Staff admin -------------------------------------------------------------------

INVALIDATE_SALT = "petitions.invalidate"
# Long enough to read the preview, short enough that a stale one is not replayed.
INVALIDATE_MAX_AGE = 60 * 60
PAPER_MAX = 1_000_000


def petition_choices():
    """Petitions for the staff's select boxes: one per petition, whatever its translations.

    Each petition is offered by its first page (the one its translations were
    made from); choosing it covers every language (home/actions.py). Titles
    only, not the pages' long text.
    """
    first_pages = (
        PetitionPage.objects.order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return (
        PetitionPage.objects.filter(pk__in=first_pages)
        .only("title", "translation_key")
        .order_by("title", "pk")
    )


def petition_label(page):
    return page.title


class PetitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return petition_label(obj)


class PetitionFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return petition_label(obj)


class PetitionFilter(django_filters.ModelChoiceFilter):
    field_class = PetitionFilterField


class SignatureFilterSet(WagtailFilterSet):
    """Filters on the staff's list of signatures. Petition and date use the timeline index."""

    petition = PetitionFilter(
        queryset=lambda request: petition_choices(),
        label=_("Petition"),
        method="filter_petition",
        help_text=_("Its signatures in every language."),
    )
    confirmed = django_filters.BooleanFilter(
        field_name="confirmed_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("Confirmed"),
        widget=BooleanRadioSelect,
    )
    flagged = django_filters.BooleanFilter(label=_("Flagged"), widget=BooleanRadioSelect)
    invalidated = django_filters.BooleanFilter(
        field_name="invalidated_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("Invalidated"),
        widget=BooleanRadioSelect,
    )
    country = django_filters.ChoiceFilter(choices=lambda: list(countries), label=_("Country"))
    source = django_filters.CharFilter(
        label=_("Source"), help_text=_("An affiliate or referral code, exactly.")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Signed between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Signature
        fields = []

    def filter_petition(self, queryset, name, value):
        return queryset.for_action(value) if value else queryset


class PaperSignaturesForm(forms.ModelForm):
    """A batch of signatures gathered on paper or at an event, added to the public count."""

    petition = PetitionChoiceField(queryset=PetitionPage.objects.none(), label=_("Petition"))
    count = forms.IntegerField(
        label=_("Number of signatures"),
        min_value=1,
        max_value=PAPER_MAX,
        help_text=_("Count the signed sheets before adding them: this adds to the public count."),
    )

    class Meta:
        model = PaperSignatures
        fields = ["petition", "count", "country", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petition_choices()


class SignatureInvalidateForm(forms.Form):
    """Which signatures to invalidate: one petition, and at least one other criterion."""

    CRITERIA = ("ip_hash", "email_domain", "created_from", "created_to", "source")

    petition = PetitionChoiceField(queryset=PetitionPage.objects.none(), label=_("Petition"))
    ip_hash = forms.CharField(
        label=_("IP hash"),
        max_length=32,
        required=False,
        help_text=_("Exactly as shown in the trending report or on a signature."),
    )
    email_domain = forms.CharField(
        label=_("Email domain"),
        max_length=254,
        required=False,
        help_text=_("Exactly, e.g. example.org (subdomains are not included)."),
    )
    created_from = forms.DateTimeField(
        label=_("Signed from"), required=False, widget=AdminDateTimeInput
    )
    created_to = forms.DateTimeField(
        label=_("Signed until"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Leave empty for up to the moment you preview."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=64,
        required=False,
        help_text=_("An affiliate or referral code, exactly."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petition_choices()

    def clean_ip_hash(self):
        return self.cleaned_data["ip_hash"].strip()

    def clean_email_domain(self):
        return self.cleaned_data["email_domain"].strip().lower().lstrip("@")

    def clean_source(self):
        return self.cleaned_data["source"].strip()

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.CRITERIA):
            raise forms.ValidationError(
                _(
                    "Give at least one criterion besides the petition: an IP hash, an email "
                    "domain, a time window or a source. A whole petition cannot be invalidated "
                    "at once."
                ),
                code="no_criteria",
            )
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", _("The end of the window is before its start."))
        return cleaned

    def criteria(self):
        """The criteria other than the petition, as keyword arguments for signatures_matching."""
        return {name: self.cleaned_data.get(name) or None for name in self.CRITERIA}

    @staticmethod
    def sign(*, petition, criteria):
        """The criteria, signed, for the confirmation step to carry unchanged."""
        payload = {"petition": petition.pk}
        for name, value in criteria.items():
            if value:
                payload[name] = value.isoformat() if isinstance(value, datetime) else value
        return signing.dumps(payload, salt=INVALIDATE_SALT)


class SignatureInvalidateConfirmForm(forms.Form):
    """The confirmation step: it carries the previewed criteria, signed so they cannot change."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=INVALIDATE_SALT, max_age=INVALIDATE_MAX_AGE
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("The preview is more than an hour old. Preview again."), code="expired"
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("The criteria changed after the preview. Preview again."), code="tampered"
            ) from error
        # Checked again: the petition may have been deleted since the preview.
        criteria_form = SignatureInvalidateForm(data=data)
        if not criteria_form.is_valid():
            raise forms.ValidationError(
                _("The criteria are no longer valid. Preview again."), code="invalid"
            )
        return criteria_form.cleaned_data


class TrendingFilterForm(forms.Form):
    hours = forms.TypedChoiceField(
        label=_("Window"),
        choices=[(1, _("Last hour")), (24, _("Last 24 hours"))],
        coerce=int,
        required=False,
        empty_value=1,
    )
    petition = PetitionChoiceField(
        queryset=PetitionPage.objects.none(),
        label=_("Petition"),
        required=False,
        empty_label=_("All petitions"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petition_choices()


class EmbedAffiliateForm(forms.Form):
    """Which affiliate an embed snippet credits, and in which of the petition's languages."""

    affiliate = forms.ModelChoiceField(
        label=_("Credit the signatures to"),
        queryset=Affiliate.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("No affiliate"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, translations, **kwargs):
        super().__init__(*args, **kwargs)
        self.translations = {page.locale.language_code: page for page in translations}
        self.fields["language"].choices = [
            (code, page.locale.get_display_name()) for code, page in self.translations.items()
        ]

    def page(self):
        """The translation the snippet embeds: the chosen language's, else the first."""
        chosen = self.is_valid() and self.cleaned_data.get("language")
        return self.translations.get(chosen) or next(iter(self.translations.values()))
