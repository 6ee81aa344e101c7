import re
import time
import unicodedata

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Signature

STARTED_SALT = "petitions.form-started"
SOURCE_PATTERN = re.compile(r"[^A-Za-z0-9_.-]")


def has_control_characters(value):
    return any(unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"} for char in value)


def clean_text(value, *, allow_newlines=False):
    """Refuse what no name or comment needs: control characters and markup brackets."""
    value = value.strip()
    checked = value.replace("\n", "").replace("\r", "") if allow_newlines else value
    if has_control_characters(checked):
        raise forms.ValidationError(_("Please remove the special or invisible characters."))
    if "<" in value or ">" in value:
        raise forms.ValidationError(_("Please do not use the characters < or >."))
    return value


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
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send you a link to confirm your signature."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    country = forms.ChoiceField(
        label=_("Country where you live"),
        widget=forms.Select(attrs={"autocomplete": "country"}),
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
        super().__init__(*args, **kwargs)
        self.petition = petition
        self.fields["country"].choices = [("", _("Choose your country")), *countries]
        self.fields["opt_in"].label = petition.opt_in_notice
        for name, asked in (
            ("union", petition.ask_affiliate),
            ("phone", petition.ask_phone),
            ("comment", petition.ask_comment),
        ):
            if not asked:
                del self.fields[name]
        if not self.is_bound:
            self.fields["started"].initial = signing.dumps(time.time(), salt=STARTED_SALT)

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

    def clean_src(self):
        return clean_source(self.cleaned_data["src"])

    def clean_utm_source(self):
        return clean_source(self.cleaned_data["utm_source"])

    def clean_utm_medium(self):
        return clean_source(self.cleaned_data["utm_medium"])

    def clean_utm_campaign(self):
        return clean_source(self.cleaned_data["utm_campaign"])

    def fill_seconds(self):
        """Seconds since the form was shown; None if the marker is missing or forged."""
        try:
            started = signing.loads(self.cleaned_data.get("started", ""), salt=STARTED_SALT)
            return time.time() - float(started)
        except (signing.BadSignature, TypeError, ValueError):
            return None


class ConfirmForm(forms.Form):
    """The confirmation button: a POST, so that mail scanners opening links confirm nothing."""
