"""The email a sender confirms their message with, in the language they posted in."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from home.emails import email_send

CONFIRM_SALT = "solidarity.confirm"
CONFIRM_MAX_AGE = 30 * 24 * 3600


def confirm_token(message):
    return signing.dumps(message.pk, salt=CONFIRM_SALT)


def confirm_token_read(token):
    """The message's id. Raises signing.SignatureExpired when too old,
    signing.BadSignature for anything else."""
    value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if type(value) is not int or value <= 0:
        raise signing.BadSignature("Not a confirmation token.")
    return value


def confirmation_send(message):
    wall = message.wall
    wall_url = wall.get_full_url()
    query = urlencode({"t": confirm_token(message)})
    email_send(
        "emails/solidarity/confirm",
        {
            "message": message,
            "wall": wall,
            "confirm_url": f"{wall_url}{wall.reverse_subpage('confirm')}?{query}",
            "organisation_name": settings.WAGTAIL_SITE_NAME,
        },
        to=message.email,
        language=message.site_language,
    )


def digest_send(user, *, count, oldest):
    queue_url = (
        settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("wagtailsnippets_solidarity_message:list")
        + "?status=pending"
    )
    email_send(
        "emails/solidarity/digest",
        {"user": user, "count": count, "oldest": oldest, "queue_url": queue_url},
        to=user.email,
        language=settings.LANGUAGE_CODE,
    )
