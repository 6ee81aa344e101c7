"""Who is asking: a visitor's address, kept only as a salted hash, and counting their requests."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address, trusting X-Forwarded-For only as far as our own proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip):
    """A salted hash of an IP address: enough to spot abuse, useless to identify anyone."""
    if not ip:
        return ""
    digest = hmac.new(settings.IP_HASH_SALT.encode(), ip.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def rate_hit(key, window):
    """Count one event in a fixed window on the shared cache; returns the count so far."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this event opens a new window.
        cache.add(key, 1, timeout=window)
        return 1
