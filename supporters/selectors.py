"""Reads for supporters and affiliates."""

from django.core.cache import cache

from .models import Affiliate

AFFILIATE_LOOKUP_KEY = "supporters:affiliate-lookup"


def affiliate_lookup():
    """{code, name or acronym (lower case): affiliate id}, cached so signing reads no table."""
    lookup = cache.get(AFFILIATE_LOOKUP_KEY)
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
