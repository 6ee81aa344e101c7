"""The emails an organiser receives, in the language they registered in."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from home.emails import email_send

MANAGE_SALT = "events.manage"
RSVP_SALT = "events.rsvp"
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


def rsvp_token(rsvp):
    """The link with which a person sees or cancels their own reply."""
    return signing.dumps(rsvp.pk, salt=RSVP_SALT)


def rsvp_token_read(token):
    """The reply's id; raises signing.BadSignature for anything else."""
    value = signing.loads(token, salt=RSVP_SALT)
    if type(value) is not int or value <= 0:
        raise signing.BadSignature("Not an RSVP token.")
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


def rsvp_send(rsvp, name):
    """One of the emails about a reply: rsvp, rsvp_promoted, rsvp_reminder,
    rsvp_event_cancelled."""
    action, day = rsvp.event, rsvp.event.day
    day_url = day.get_full_url()
    email_send(
        f"emails/events/{name}",
        {
            "rsvp": rsvp,
            "action": action,
            "day": day,
            "action_url": day_url + day.reverse_subpage("action", args=[action.pk]),
            "calendar_url": day_url + day.reverse_subpage("action_calendar", args=[action.pk]),
            "rsvp_url": f"{day_url}{day.reverse_subpage('rsvp')}?"
            + urlencode({"t": rsvp_token(rsvp)}),
            "organisation_name": settings.WAGTAIL_SITE_NAME,
        },
        to=rsvp.email,
        language=rsvp.language,
    )
