"""The public form a message is posted with."""

import copy
import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from home.fields import (
    WORLD_LANGUAGES,
    CountrySelect,
    PublicEmailField,
    SharedFields,
    clean_text,
    country_choices,
)
from home.images import image_clean
from home.memory import FORMS
from supporters.forms import email_standing_check
from supporters.selectors import affiliate_named

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


class MessageForm(forms.Form):
    """Posting a message: what it says, who it is from and to, and the two consents.

    A plain form rather than a ModelForm: checking the model's fields again after
    the form's was a tenth of posting's CPU (bench/walls.py --profile).
    """

    display_name = forms.CharField(
        label=_("Your name, as shown"),
        max_length=60,
        help_text=_("A first name or a nickname is enough."),
    )
    organisation = forms.CharField(
        label=_("Your union or group (optional)"), max_length=200, required=False
    )
    from_country = forms.ChoiceField(label=_("From"))
    to_country = forms.ChoiceField(label=_("To workers in"))
    language = forms.ChoiceField(
        label=_("Language of your message"), choices=[("", "---------"), *WORLD_LANGUAGES]
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("At most %(count)s characters.") % {"count": MESSAGE_MAX_LENGTH},
        widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH, "data-counter": ""}
        ),
    )
    email = PublicEmailField(
        label=_("Your email"),
        max_length=254,
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

    def __init__(self, *args, wall, **kwargs):
        language = translation.get_language()
        # Set before Django copies base_fields into self.fields (see SharedFields).
        self.base_fields = message_fields(language, wall.opt_in_notice)
        self.wall = wall
        self.sender_standing = None
        super().__init__(*args, **kwargs)
        if wall.default_to_country and not self.is_bound:
            self.initial.setdefault("to_country", wall.default_to_country.code)
        self.initial.setdefault("language", (language or "en").split("-")[0])

    def clean_display_name(self):
        return clean_text(self.cleaned_data["display_name"])

    def clean_organisation(self):
        return clean_text(self.cleaned_data["organisation"])

    def clean_text(self):
        return message_text_clean(self.cleaned_data["text"])

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.sender_standing = email_standing_check(email)
        return email

    def sender_known(self):
        """Whether the sender already confirmed an address with us (is a supporter)."""
        return self.sender_standing is not None

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


def message_fields(language, opt_in_notice):
    """MessageForm's fields for one language and one wall's opt-in notice."""

    def make():
        fields = copy.deepcopy(MessageForm.base_fields)
        for name in ("from_country", "to_country"):
            fields[name].widget = CountrySelect()
            fields[name].choices = country_choices(language)
        fields["organisation"].widget.attrs["list"] = "affiliate-names"
        fields["opt_in"].label = opt_in_notice
        return SharedFields(fields)

    return FORMS.get_or_make(("message-fields", language, opt_in_notice), make)


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
