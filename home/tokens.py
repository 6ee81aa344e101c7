"""Signed ids in links and redirects: who or what a link is about, without a lookup table."""

from django.core import signing


def signed_id(pk, *, salt):
    return signing.dumps(pk, salt=salt)


def signed_id_read(token, *, salt, max_age=None):
    """The id in a token made by signed_id.

    Raises signing.SignatureExpired when it is too old, and signing.BadSignature
    for anything else that is not one: forged, or signed by us for some other
    value (a token from another form of ours must not reach a query as a pk).
    """
    value = signing.loads(token, salt=salt, max_age=max_age)
    if type(value) is not int or value <= 0:
        raise signing.BadSignature("The signed value is not an id.")
    return value
