"""The public form a message is posted with."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from home.fields import CountrySelect, PublicEmailField, clean_text, country_choices
from home.images import image_clean
from supporters.selectors import affiliate_named, email_bounced

from .models import MESSAGE_MAX_LENGTH, Message

# Invisible characters that hide or reorder text: zero-width spaces, the byte
# order mark, bidirectional embeddings, overrides and isolates. The joiners
# (U+200C, U+200D: needed in Sinhala, Persian and emoji) and the left-to-right
# and right-to-left marks (needed when Arabic and Latin meet) are kept.
INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad")
)
KEPT_FORMAT = set("\u200c\u200d\u200e\u200f")
# Markup: a tag opening, closing or commenting. "<3" and "a < b" stay plain text.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")


def message_text_clean(value):
    """A message as people write it, in any script, with nothing hidden in it."""
    value = unicodedata.normalize("NFC", value.translate(INVISIBLE))
    value = value.strip().strip("".join(KEPT_FORMAT)).strip()
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    for char in value:
        if char in "\n\t" or char in KEPT_FORMAT:
            continue
        if unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"}:
            raise forms.ValidationError(
                _("Please remove the special or invisible characters."), code="hidden"
            )
    if MARKUP.search(value):
        raise forms.ValidationError(
            _("Please write plain text: HTML and tags are not shown."), code="markup"
        )
    if not value:
        raise forms.ValidationError(_("Write your message."), code="required")
    return value


class MessageForm(forms.ModelForm):
    """Posting a message: what it says, who it is from and to, and the two consents."""

    email = PublicEmailField(
        label=_("Your email"),
        help_text=_("Not shown. We may ask you to confirm your message from it."),
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "JPEG, PNG or WebP. Where and with what it was taken is removed. "
            "Send only a photo in which everyone shown agreed to appear."
        ),
    )
    consent = forms.BooleanField(
        label=_("Publish my message, my name and the countries on this wall."),
        error_messages={"required": _("Tick this box so that we can publish your message.")},
    )
    opt_in = forms.BooleanField(required=False)

    class Meta:
        model = Message
        fields = [
            "display_name",
            "organisation",
            "from_country",
            "to_country",
            "language",
            "text",
        ]
        labels = {
            "display_name": _("Your name, as shown"),
            "organisation": _("Your union or group (optional)"),
            "from_country": _("From"),
            "to_country": _("To workers in"),
            "language": _("Language of your message"),
            "text": _("Your message"),
        }
        help_texts = {
            "text": _("At most %(count)s characters.") % {"count": MESSAGE_MAX_LENGTH},
            "display_name": _("A first name or a nickname is enough."),
        }
        widgets = {
            "text": forms.Textarea(
                attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH, "data-counter": ""}
            ),
        }

    def __init__(self, *args, wall, **kwargs):
        self.wall = wall
        super().__init__(*args, **kwargs)
        language = translation.get_language()
        for name in ("from_country", "to_country"):
            self.fields[name].widget = CountrySelect()
            self.fields[name].choices = country_choices(language)
        if wall.default_to_country and not self.is_bound:
            self.initial.setdefault("to_country", wall.default_to_country.code)
        self.initial.setdefault("language", (language or "en").split("-")[0])
        self.fields["organisation"].widget.attrs["list"] = "affiliate-names"
        self.fields["opt_in"].label = wall.opt_in_notice

    def clean_display_name(self):
        return clean_text(self.cleaned_data["display_name"])

    def clean_organisation(self):
        return clean_text(self.cleaned_data["organisation"])

    def clean_text(self):
        return message_text_clean(self.cleaned_data["text"])

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email_bounced(email):
            raise forms.ValidationError(
                _(
                    "Email to this address has bounced: it cannot reach you. "
                    "Check it, or give another address."
                ),
                code="bounced",
            )
        return email

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("This photo is too large: at most %(mb)s MB.")
                % {"mb": settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // 2**20},
                code="size",
            )
        image_clean(upload, formats=("JPEG", "PNG", "WEBP"))
        return upload

    def affiliate(self):
        """The member union the organisation names, by name or acronym, if it is one."""
        return affiliate_named(self.cleaned_data.get("organisation", ""))


class WallFilterForm(forms.Form):
    """The wall's filters (GET); anything unknown is ignored, never an error page."""

    from_country = forms.ChoiceField(label=_("From"), required=False)
    to_country = forms.ChoiceField(label=_("To"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data, *, figures):
        super().__init__(data)
        names = dict(country_choices(translation.get_language()))
        languages = dict(Message._meta.get_field("language").choices)

        def countries(codes):
            return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])

        self.fields["from_country"].choices = [
            ("", _("All countries")),
            *countries(figures.from_countries),
        ]
        self.fields["to_country"].choices = [
            ("", _("All countries")),
            *countries(figures.to_countries),
        ]
        self.fields["language"].choices = [
            ("", _("All languages")),
            *sorted(
                ((code, languages.get(code, code)) for code in figures.languages),
                key=lambda c: c[1],
            ),
        ]

    def filtered(self, messages):
        if not self.is_valid():
            return messages
        for name in ("from_country", "to_country", "language"):
            if self.cleaned_data[name]:
                messages = messages.filter(**{name: self.cleaned_data[name]})
        return messages
