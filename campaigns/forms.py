from django import forms
from django.core import signing
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from home.fields import CountrySelect, country_names

from .models import CampaignPage
from .regions import STATES, Region
from .services import MAX_BYTES, MAX_ROWS, ImportFileError, ratifications_decode


class CampaignFilterForm(forms.Form):
    """Filters on the campaign list; unknown values are reported, never a crash."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *CampaignPage.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *CampaignPage.Status.choices],
    )


def state_choices():
    """ILO member States, named and sorted in the active language."""
    names = country_names()
    named = sorted(((code, names.get(code, code)) for code in STATES), key=lambda pair: pair[1])
    return [("", _("All countries")), *named]


class TrackerFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=state_choices,
        widget=CountrySelect(listing="ilo-states"),
    )


PAYLOAD_SALT = "campaigns.ratification_import"
# Long enough to read a long preview, short enough that a stale one is not replayed.
PAYLOAD_MAX_AGE = 60 * 60


class RatificationUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not on the field, because it needs the URL of the example.
        self.fields["file"].help_text = format_html(
            '{} <a href="{}" download>{}</a>',
            gettext(
                "One ratification per row, with a header line naming the columns "
                "country (ISO code such as PH, or the English name), convention (e.g. C189), "
                "status (in_force, not_in_force or denounced), date (YYYY-MM-DD) "
                "and, optionally, note. Commas or semicolons, saved as UTF-8; "
                "at most {rows} rows and {mb} MB."
            ).format(rows=f"{MAX_ROWS:,}", mb=MAX_BYTES // 1024 // 1024),
            reverse("campaigns_ratification_import_example"),
            gettext("Download an example file."),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(mb)s MB. Split it into smaller files."),
                params={"mb": MAX_BYTES // 1024 // 1024},
            )
        try:
            self.cleaned_data["text"] = ratifications_decode(data=upload.read())
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class RatificationConfirmForm(forms.Form):
    """Carries the previewed file back, signed so that it is exactly what was checked."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return signing.loads(
                self.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("This preview is more than an hour old. Upload the file again.")
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                gettext(
                    "The previewed file could not be verified. Nothing was imported; "
                    "upload the file again."
                )
            ) from error

    @staticmethod
    def sign(text):
        return signing.dumps(text, salt=PAYLOAD_SALT, compress=True)
