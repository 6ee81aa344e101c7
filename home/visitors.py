"""Who is asking: a visitor's address, kept only as a salted hash, and counting their requests."""

import functools
import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache


def trusted_networks():
    """settings.TRUSTED_PROXIES as networks; read once per value, so tests may change it."""
    return _networks(tuple(settings.TRUSTED_PROXIES))


@functools.cache
def _networks(cidrs):
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def parse_address(text):
    """An address from a header or the socket, or None: ports, brackets and v4-in-v6 removed."""
    text = text.strip()
    if text.startswith("["):  # "[2001:db8::1]:443"
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request):
    """The visitor's address: the connection's, or X-Forwarded-For's as far as our own proxies.

    X-Forwarded-For is believed only when the connection comes from a network in
    settings.TRUSTED_PROXIES, and then read from the right: each proxy appends
    the address it was reached from, so the first address from the right that
    is not one of ours is the visitor's. Whatever a visitor writes in the header
    themselves stays to the left of it and is never read. "" when there is no
    usable address.
    """
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    networks = trusted_networks()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = remote
    for hop in reversed(hops):
        if not hop.strip():
            continue
        address = parse_address(hop)
        if address is None:
            # Our proxy wrote nothing usable here: the last address it vouched for stands.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def _trusted(address, networks):
    return any(address.version == net.version and address in net for net in networks)


def ip_hash(ip):
    """A salted hash of an IP address: enough to spot abuse, useless to identify anyone."""
    if not ip:
        return ""
    return _salted(ip).hex()[:32]


def ip_pseudonym(request):
    """The visitor's address as a salted hash written as an IPv6 address (fd00::/8).

    For libraries that insist on storing an address (django-axes' login
    attempts): they count and compare it like any other, and it tells no one
    where the visitor was.
    """
    ip = client_ip(request)
    if not ip:
        return None
    return str(ipaddress.IPv6Address(b"\xfd" + _salted(ip)[:15]))


def _salted(ip):
    return hmac.new(settings.IP_HASH_SALT.encode(), ip.encode(), hashlib.sha256).digest()


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


class TooManyRequests(Exception):
    """An address went past a hard ceiling: answered 429 (home.middleware), nothing stored."""

    def __init__(self, retry_after):
        super().__init__(f"Too many requests; retry after {retry_after} s.")
        self.retry_after = retry_after


def hourly_limit(request, name, per_hour):
    """Count this request against its address's hourly allowance for `name`;
    beyond `per_hour`, TooManyRequests (answered 429)."""
    if rate_hit(f"{name}:{ip_hash(client_ip(request))}", 3600) > per_hour:
        raise TooManyRequests(retry_after=3600)
