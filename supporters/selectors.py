"""Reads for supporters and affiliates."""

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.urls import reverse
from django.utils import translation

from home.memory import cache_get_recent

from .models import Affiliate, Supporter, email_canonical
from .tokens import data_access_token, unsubscribe_token

AFFILIATE_LOOKUP_KEY = "supporters:affiliate-lookup"


def affiliate_lookup():
    """{code, name or acronym (lower case): affiliate id}, cached so signing reads no table."""
    lookup = cache_get_recent(AFFILIATE_LOOKUP_KEY)
    if lookup is None:
        lookup = {}
        for pk, code, name, acronym in Affiliate.objects.values_list(
            "pk", "code", "name", "acronym"
        ):
            for key in (name, acronym, code):
                if key:
                    lookup.setdefault(key.strip().lower(), pk)
        cache.set(AFFILIATE_LOOKUP_KEY, lookup, 300)
    return lookup


def affiliate_named(name):
    """The member union a typed name, acronym or code stands for, or None."""
    pk = affiliate_lookup().get((name or "").strip().lower())
    return Affiliate.objects.filter(pk=pk).first() if pk else None


def _absolute_url(name, token, language):
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse(name, kwargs={"token": token})
    return f"{settings.BASE_URL.rstrip('/')}{path}"


def unsubscribe_url(supporter_id, *, mailing_id=None, language=""):
    """The absolute link that unsubscribes a supporter; reads no table (one per email sent)."""
    token = unsubscribe_token(supporter_id, mailing_id)
    return _absolute_url("supporters:unsubscribe", token, language)


def preferences_url(supporter_id, *, mailing_id=None, language=""):
    """The absolute link to a supporter's email preferences; reads no table."""
    token = unsubscribe_token(supporter_id, mailing_id)
    return _absolute_url("supporters:preferences", token, language)


def data_access_url(supporter_id, *, language=""):
    """The absolute link to see, download or erase what we hold; it expires."""
    return _absolute_url("supporters:data", data_access_token(supporter_id), language)


def email_masked(email):
    """ "m***@example.org": enough for a person to recognise their address, not to learn it."""
    local, at, domain = (email or "").rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def supporter_standing(email):
    """None for an address we don't know; for a supporter's, why we no longer
    write to it ("" when we do).

    One indexed read, which every solidarity message and RSVP pays for: written
    in SQL, as signing's limits are, since building it through the ORM cost as
    much as the rest of the form's checks (bench/walls.py --profile).
    """
    connection = connections[Supporter.objects.db]
    table = connection.ops.quote_name(Supporter._meta.db_table)
    with connection.cursor() as cursor:
        # The table's name comes from the model; the address is a parameter.
        cursor.execute(
            f"SELECT suppressed_reason FROM {table} WHERE email_canonical = %s",  # noqa: S608
            [email_canonical(email)],
        )
        row = cursor.fetchone()
    return row[0] if row else None
