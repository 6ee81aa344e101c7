from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home.fields import PublicEmailField

from .models import Supporter, Topic
from .selectors import supporter_standing

CONSENT_LABEL = _("Receive campaign email")
CONSENT_HELP = _(
    "News and calls to action from our campaigns for migrant workers' rights. "
    "You can unsubscribe at any time."
)


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.text().name


class PreferencesForm(forms.Form):
    """A supporter's email preferences; works without JavaScript."""

    language = forms.ChoiceField(label=_("Language of our emails"), choices=settings.LANGUAGES)
    topics = TopicChoiceField(
        label=_("Send me email about:"),
        queryset=Topic.objects.prefetch_related("translations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email_consent = forms.BooleanField(label=CONSENT_LABEL, help_text=CONSENT_HELP, required=False)

    @staticmethod
    def notice():
        """The consent notice exactly as shown, in the active language, for the record."""
        return f"{CONSENT_LABEL} — {CONSENT_HELP}"


class DataRequestForm(forms.Form):
    email = PublicEmailField(
        label=_("Your email address"),
        help_text=_("If we hold anything for it, we send a link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this erases what you hold about me, and cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want your data erased.")},
    )


def email_standing_check(email):
    """How we know this address (supporters.selectors.supporter_standing), or an
    error on the field when mail to it has bounced: a form asks for another
    address rather than accept one nothing can reach."""
    standing = supporter_standing(email) if email else None
    if standing == Supporter.Suppression.BOUNCED:
        raise forms.ValidationError(
            _(
                "Email to this address has bounced: it cannot reach you. "
                "Check it, or give another address."
            ),
            code="bounced",
        )
    return standing
