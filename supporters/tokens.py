"""The signed tokens in supporters' private links: who they are, without an account."""

from django.conf import settings
from django.core import signing

from home.tokens import signed_id, signed_id_read

UNSUBSCRIBE_SALT = "supporters.unsubscribe"
DATA_ACCESS_SALT = "supporters.data-access"


def unsubscribe_token(supporter_id, mailing_id=None):
    """The signed part of unsubscribe and preferences links; it never expires."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{supporter_id}.{mailing_id or 0}")


def unsubscribe_token_read(token):
    """(supporter id, mailing id or None) from a token; raises signing.BadSignature."""
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    try:
        supporter_id, mailing_id = (int(part) for part in value.split("."))
    except ValueError as error:
        raise signing.BadSignature("Malformed unsubscribe token") from error
    return supporter_id, mailing_id or None


def data_access_token(supporter_id):
    """The signed part of a "see or erase your data" link; it expires (DATA_ACCESS_MAX_AGE)."""
    return signed_id(supporter_id, salt=DATA_ACCESS_SALT)


def data_access_token_read(token):
    """The supporter id; raises signing.SignatureExpired or signing.BadSignature."""
    return signed_id_read(token, salt=DATA_ACCESS_SALT, max_age=settings.DATA_ACCESS_MAX_AGE)
