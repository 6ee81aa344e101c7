"""Building a mailing's emails: one batch message per language version, with each
recipient's own details in anymail's merge_data, so nobody sees anyone else."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from wagtail.rich_text import expand_db_html

from home.emails import email_text_from_html, merge_fill
from supporters.selectors import preferences_url, unsubscribe_url

from .models import MERGE_FIELD_PATTERN

# How each provider writes a per-recipient substitution in an on-the-fly message
# (anymail passes merge_data through but does not translate the syntax). A provider
# missing here cannot send mailings unless MAILING_MERGE_FIELD_FORMAT names its syntax.
MERGE_FORMATS = {
    "mailgun": "%recipient.{}%",
    "mailjet": "[[var:{}]]",
    "mandrill": "*|{}|*",
    "sparkpost": "{{{{{}}}}}",
    "brevo": "{{{{params.{}}}}}",
}
# Django's own backends (development files, tests' memory) get Mailgun's syntax;
# the development file backend fills it in per recipient.
LOCAL_FORMAT = MERGE_FORMATS["mailgun"]


def mailer_backend():
    return settings.MAILERS["default"]["BACKEND"]


def esp_name():
    """The anymail provider in use ("mailgun"), or "" for Django's own backends."""
    backend = mailer_backend()
    if backend.startswith("anymail.backends."):
        return backend.split(".")[2]
    return ""


def merge_format():
    if settings.MAILING_MERGE_FIELD_FORMAT:
        return settings.MAILING_MERGE_FIELD_FORMAT
    name = esp_name()
    if not name:
        return LOCAL_FORMAT
    if name not in MERGE_FORMATS:
        raise ImproperlyConfigured(
            f"Mailings cannot be personalised through {name}: set MAILING_MERGE_FIELD_FORMAT "
            "to its merge syntax, or use a provider that batch-sends on-the-fly messages "
            f"({', '.join(sorted(MERGE_FORMATS))})."
        )
    return MERGE_FORMATS[name]


def sending_problem():
    """Why mailings cannot be sent with the current settings, or "" if they can."""
    from django.core.mail import mailers

    try:
        merge_format()
    except ImproperlyConfigured as error:
        return str(error)
    try:
        # anymail checks its provider's credentials when a connection is made.
        mailers.default  # noqa: B018
    except ImproperlyConfigured as error:
        return (
            f"The email provider ({esp_name() or mailer_backend()}) is not set up: {error}. "
            "Set its ANYMAIL_* variables in the environment."
        )
    return ""


def _placeholders(text, fmt, *, html):
    """Turn {first_name} into the provider's syntax; in HTML the escaped variant."""

    def replace(match):
        name = match.group(1)
        return fmt.format(f"{name}_html" if html and name in ESCAPED else name)

    return MERGE_FIELD_PATTERN.sub(replace, text)


ESCAPED = {"first_name", "last_name"}


class Template:
    """One version's subject and bodies, rendered once, with placeholders left in."""

    def __init__(self, mailing, version, *, fmt=None):
        fmt = fmt or merge_format()
        self.version = version
        campaign_url = ""
        if mailing.campaign_id:
            page = mailing.campaign.specific
            translated = page.get_translation_or_none(_locale(version.language)) or page
            campaign_url = translated.get_full_url() or ""
        self.campaign_url = campaign_url
        subject = version.subject.replace("{campaign_url}", campaign_url)
        self.subject = _placeholders(subject, fmt, html=False)
        with translation.override(version.language):
            body_html = expand_db_html(version.body)
            body_html = body_html.replace("{campaign_url}", escape(campaign_url))
            context = {
                "mailing": mailing,
                "version": version,
                "body": _placeholders(body_html, fmt, html=True),
                "email_title": _placeholders(escape(subject), fmt, html=True),
                # Plain text (checked on save, and escaped here whatever is stored).
                "preview_text": _placeholders(escape(version.preview_text), fmt, html=True),
                "unsubscribe_url": fmt.format("unsubscribe_url"),
                "preferences_url": fmt.format("preferences_url"),
                "organisation": settings.WAGTAIL_SITE_NAME,
                "LANGUAGE_CODE": version.language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            }
            self.html = render_to_string("emails/mailings/mailing_body.html", context)
            self.text = render_to_string(
                "emails/mailings/mailing_body.txt",
                {**context, "body": email_text_from_html(context["body"])},
            )
        self.fmt = fmt


def _locale(language):
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=language).first()


def recipient_data(supporter_id, *, first_name, last_name, language, mailing_id):
    first = first_name or str(_friend(language))
    unsubscribe = unsubscribe_url(supporter_id, mailing_id=mailing_id, language=language)
    return {
        "first_name": first,
        "first_name_html": escape(first),
        "last_name": last_name,
        "last_name_html": escape(last_name),
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences_url(supporter_id, mailing_id=mailing_id, language=language),
    }


def _friend(language):
    from django.utils.translation import gettext

    with translation.override(language or settings.LANGUAGE_CODE):
        return gettext("friend")


def batch_message(mailing, template, recipients):
    """One message for many recipients; anymail sends each their own copy.

    `recipients` is a list of (delivery_id, email, merge data). The per-recipient
    List-Unsubscribe headers (RFC 8058 one-click) travel as merge_headers.
    """
    from_email = settings.DEFAULT_FROM_EMAIL
    if mailing.from_name:
        from email.utils import formataddr, parseaddr

        from_email = formataddr((mailing.from_name, parseaddr(from_email)[1]))
    message = EmailMultiAlternatives(
        subject=template.subject,
        body=template.text,
        from_email=from_email,
        to=[email for _pk, email, _data in recipients],
        reply_to=[mailing.reply_to] if mailing.reply_to else None,
    )
    message.attach_alternative(template.html, "text/html")
    message.merge_data = {email: data for _pk, email, data in recipients}
    message.merge_metadata = {email: {"delivery": str(pk)} for pk, email, _data in recipients}
    message.merge_headers = {
        email: {
            "List-Unsubscribe": f"<{data['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        for _pk, email, data in recipients
    }
    message.metadata = {"mailing": str(mailing.pk)}
    message.tags = ["mailing"]
    return message


def sample_data(mailing, language, *, supporter=None):
    """Merge data for a preview or a test: a real supporter's, or a made-up one."""
    from supporters.models import Supporter

    supporter = supporter or Supporter(pk=0, first_name="Maria", last_name="Santos")
    return recipient_data(
        supporter.pk or 0,
        first_name=supporter.first_name,
        last_name=supporter.last_name,
        language=language,
        mailing_id=mailing.pk,
    )


def preview_render(mailing, language, *, supporter=None):
    """(subject, html, text) as one supporter would see them."""
    version = mailing.version_for(language)
    template = Template(mailing, version, fmt=LOCAL_FORMAT)
    data = sample_data(mailing, version.language, supporter=supporter)
    return (
        merge_fill(template.subject, data, LOCAL_FORMAT),
        merge_fill(template.html, data, LOCAL_FORMAT),
        merge_fill(template.text, data, LOCAL_FORMAT),
    )


def test_message_send(*, mailing_id, email, language):
    """A test copy to a member of staff, sent through the real provider as a batch of one."""
    from .models import Mailing

    mailing = Mailing.objects.get(pk=mailing_id)
    version = mailing.version_for(language)
    template = Template(mailing, version)
    data = sample_data(mailing, version.language)
    message = batch_message(mailing, template, [(0, email, data)])
    message.subject = f"[TEST] {message.subject}"
    message.send()
