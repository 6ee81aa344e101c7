"""The emails a signer receives, in the language they signed in."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from home.emails import email_send

CONFIRM_SALT = "petitions.confirm"


def confirm_token(signature):
    return signing.dumps(signature.pk, salt=CONFIRM_SALT)


def confirm_url(signature, petition_url):
    query = urlencode({"t": confirm_token(signature)})
    return f"{petition_url}{signature.petition.reverse_subpage('confirm')}?{query}"


def _context(signature):
    petition_url = signature.petition.get_full_url()
    return {
        "signature": signature,
        "petition": signature.petition,
        "confirm_url": confirm_url(signature, petition_url),
        "petition_url": petition_url,
        "organisation": settings.WAGTAIL_SITE_NAME,
    }


def _send(signature, name):
    email_send(
        f"emails/petitions/{name}",
        _context(signature),
        to=signature.email,
        language=signature.language,
    )


def confirmation_send(signature):
    _send(signature, "confirmation")


def reminder_send(signature):
    _send(signature, "reminder")


def already_signed_send(signature):
    _send(signature, "already_signed")
