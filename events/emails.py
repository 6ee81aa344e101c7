"""The emails an organiser receives, in the language they registered in."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from home.emails import email_send

MANAGE_SALT = "events.manage"
# A manage link works this long after it was sent; asking again sends a fresh one.
MANAGE_MAX_AGE = 365 * 24 * 3600


def manage_token(action):
    """The organiser's private link: the action and the version of its link."""
    return signing.dumps([action.pk, action.manage_version], salt=MANAGE_SALT)


def manage_token_read(token):
    """(pk, version) from a manage token.

    Raises signing.SignatureExpired when too old, signing.BadSignature otherwise.
    """
    value = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_MAX_AGE)
    if (
        type(value) is not list
        or len(value) != 2
        or not all(type(part) is int and part > 0 for part in value)
    ):
        raise signing.BadSignature("Not a manage token.")
    return value


def manage_url(action, day_url):
    query = urlencode({"t": manage_token(action)})
    return f"{day_url}{action.day.reverse_subpage('manage')}?{query}"


def _send(action, name, **extra):
    day_url = action.day.get_full_url()
    email_send(
        f"emails/events/{name}",
        {
            "action": action,
            "day": action.day,
            "day_url": day_url,
            "manage_url": manage_url(action, day_url),
            "organisation_name": settings.WAGTAIL_SITE_NAME,
            **extra,
        },
        to=action.organiser_email,
        language=action.language,
    )


def registered_send(action):
    """The link that confirms the registration, which is also the manage link."""
    _send(action, "registered")


def manage_link_send(action):
    _send(action, "manage_link")


def decision_send(action):
    _send(action, "decision")
