"""The emails a signer receives, in the language they signed in."""

from urllib.parse import urlencode

from django.conf import settings

from home.emails import MergedEmail, email_send
from home.tokens import signed_id

CONFIRM_SALT = "petitions.confirm"


def confirm_token(signature):
    return signed_id(signature.pk, salt=CONFIRM_SALT)


def confirm_url(signature, petition_url):
    query = urlencode({"t": confirm_token(signature)})
    return f"{petition_url}{signature.petition.reverse_subpage('confirm')}?{query}"


def _context(signature, petition, petition_url, confirm_url):
    """What every petition email's templates see; `signature` may stand in with placeholders."""
    return {
        "signature": signature,
        "petition": petition,
        "confirm_url": confirm_url,
        "petition_url": petition_url,
        "organisation": settings.WAGTAIL_SITE_NAME,
    }


def _send(signature, name):
    petition_url = signature.petition.get_full_url()
    email_send(
        f"emails/petitions/{name}",
        _context(signature, signature.petition, petition_url, confirm_url(signature, petition_url)),
        to=signature.email,
        language=signature.language,
    )


class SignerEmails:
    """The confirmation or reminder email for many signers.

    Rendered once per petition and language; the signatures' petitions must be
    loaded already.
    """

    FIELDS = ("first_name", "confirm_url")

    def __init__(self, name):
        self.template = f"emails/petitions/{name}"
        self._merged = {}
        self._urls = {}

    def message(self, signature):
        petition = signature.petition
        if petition.pk not in self._urls:
            self._urls[petition.pk] = petition.get_full_url()
        petition_url = self._urls[petition.pk]
        key = (petition.pk, signature.language)
        if key not in self._merged:
            self._merged[key] = MergedEmail(
                self.template,
                lambda marks: _context(
                    {"first_name": marks["first_name"]},
                    petition,
                    petition_url,
                    marks["confirm_url"],
                ),
                fields=self.FIELDS,
                language=signature.language,
            )
        values = {
            "first_name": signature.first_name,
            "confirm_url": confirm_url(signature, petition_url),
        }
        return self._merged[key].message(values, to=signature.email)


def already_signed_send(signature):
    _send(signature, "already_signed")
