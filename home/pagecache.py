"""The shared page cache for anonymous visitors, and the headers that tell a
proxy or CDN in front what it may keep.

Why our own, in one small module: wagtail-cache (the maintained page cache for
Wagtail) declares `wagtail<8`; Django's cache middleware keys a page on every
header it varies on, and our pages vary on the session cookie (the editors'
user bar), so it would keep one copy per visitor. The rules here:

- A response is shared only when its view says so (`public_page`, on page
  types' `serve` and on the routes that show everyone the same):
  `Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_SECONDS`. Anything else an
  anonymous visitor gets under a language prefix, and everything answered to
  someone with a session, is `private, no-store`: thank-you, confirm, manage,
  my-data and preferences pages are never shared, by us or by a CDN.
- Served from and stored in the cache: GET and HEAD under a language prefix
  from visitors with no session or messages cookie; stored from a GET answered
  200, public, setting no cookie. Editors are never served a cached page.
- The key holds the pages' generation (home.memory), which moves when a page is
  published, unpublished, moved or deleted, a view restriction changes, or a
  snippet shown on pages is edited (home/signals.py): every affected page and
  language is drawn again at its next view. Counts and lists on pages are at
  most PAGE_CACHE_SECONDS (8 s) behind.
- Forms in shared pages carry no per-visitor token (see home.views.public_form)
  and no time: FORM_STARTED in the HTML is replaced, in every response, by a
  freshly signed time, so the fill-time check of a form served from the cache
  still measures the visitor.
"""

import hashlib
import re
import struct
import time
import zlib
from functools import wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import (
    add_never_cache_headers,
    get_max_age,
    patch_cache_control,
    patch_vary_headers,
)

from config.stylesheet import stylesheet_version

from .memory import PAGES, cache_get_recent, pages_generation
from .middleware import COMPRESSIBLE
from .routes import route_keep, route_recall

# Stands in a form's hidden field for the time it was shown (see the module's docstring).
FORM_STARTED = "form-started-now"
FORM_STARTED_SALT = "petitions.form-started"
_FORM_STARTED = FORM_STARTED.encode()
S_MAXAGE = re.compile(r"s-maxage=(\d+)")
BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
HEADER = "X-Page-Cache"


def form_started():
    """A signed "now", for a form's hidden field."""
    return signing.dumps(time.time(), salt=FORM_STARTED_SALT)


def form_started_read(value, *, max_age):
    """When the form was shown (a time), or "expired", or "forged" (missing too)."""
    try:
        started = signing.loads(value or "", salt=FORM_STARTED_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "forged"
    if type(started) not in (int, float):
        return "forged"
    return started


def shared(response):
    """Mark a response as the same for every anonymous visitor: kept
    PAGE_CACHE_SECONDS by the page cache and a CDN (s-maxage), and asked for
    again by browsers each time (max-age=0), so that a purge reaches them."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
    return response


def public_page(view):
    """For a page's `serve` or route that shows every anonymous visitor the same:
    its answer may be shared. Not a preview, or an answer other than 200 (those
    stay private). A page behind a view restriction is shown only to visitors
    with a session (a password given, a login), whose answers are never shared
    (PageCacheMiddleware); the others get Wagtail's form, never this view."""

    @wraps(view)
    def wrapped(page, request, *args, **kwargs):
        response = view(page, request, *args, **kwargs)
        if (
            response.status_code == 200
            and request.method in ("GET", "HEAD")
            and not getattr(request, "is_preview", False)
            and "Cache-Control" not in response
        ):
            shared(response)
        return response

    return wrapped


# How long a shell (below) is kept: it changes only with the pages' generation.
SHELL_SECONDS = 3600


def shell(request, name, draw):
    """The HTML of a personal page that is the same for everyone but for a few
    marked places (a thank-you page and its share link), which the caller then
    fills: drawn once per pages' generation and language, and kept like a page.

    `draw()` returns the HTML. A visitor with a session (an editor, with their
    user bar) gets it drawn for them alone.
    """
    if not settings.PAGE_CACHE_SECONDS or _personal(request):
        return draw()
    key = f"shell:{pages_generation()}:{stylesheet_version()}:{translation.get_language()}:{name}"
    html = cache_get_recent(key, store=PAGES)
    if html is None:
        html = draw()
        cache.set(key, html, SHELL_SECONDS)
    return html


def _language_prefixed(path):
    first = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    return first in settings.LANGUAGE_CODES


def _personal(request):
    return any(name in request.COOKIES for name in BYPASS_COOKIES)


def _anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and _language_prefixed(request.path_info)
        and not _personal(request)
    )


def _key(request):
    """The cache key of this request, or None when it is not served from the cache."""
    if not settings.PAGE_CACHE_SECONDS or not _anonymous_read(request):
        return None
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    # v2: kept with its compressed pieces. A page carries the stylesheet that
    # the policy's hash allows (config.stylesheet): after a deploy that changes
    # it, no process serves a page drawn with the old one.
    return f"page:v2:{pages_generation()}:{stylesheet_version()}:{digest}"


def _public(request, response):
    """Is this the answer every anonymous visitor gets (public_page)?"""
    control = response.get("Cache-Control", "")
    return not (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or "public" not in control
        or any(word in control for word in ("private", "no-store", "no-cache"))
    )


def _shared_for(request, response):
    """Seconds to keep this response for every anonymous visitor, or 0."""
    if not _public(request, response):
        return 0
    control = response.get("Cache-Control", "")
    match = S_MAXAGE.search(control)
    seconds = int(match.group(1)) if match else get_max_age(response)
    return max(0, seconds or 0)


def _vary_without_cookie(response):
    """The same to every visitor without a session: a CDN may keep one copy."""
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


def _with_stamp(content):
    """(content with a fresh form time in place of FORM_STARTED, that time); b"" if none."""
    if _FORM_STARTED not in content:
        return content, b""
    stamp = form_started().encode()
    return content.replace(_FORM_STARTED, stamp), stamp


def _stamped(response):
    if not response.streaming:
        content, stamp = _with_stamp(response.content)
        if stamp:
            response.content = content
            if "Content-Length" in response:
                response["Content-Length"] = str(len(content))
    return response


# A page is kept compressed too, so that a hit is not compressed again for each
# visitor: the text between the FORM_STARTED marks is deflated piece by piece,
# each piece on its own and ended on a byte boundary (a full flush), and a hit
# deflates only its fresh stamp between them (as pigz joins pieces). The gzip
# header names no file and no time; a shared page holds no secret for BREACH
# to find (home.middleware.TextGZipMiddleware).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def _deflated(data, *, last):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(
        zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH
    )


def gzip_pieces(content):
    """The deflated pieces of a page between its FORM_STARTED marks."""
    pieces = content.split(_FORM_STARTED)
    return [_deflated(piece, last=n == len(pieces) - 1) for n, piece in enumerate(pieces)]


def gzip_joined(pieces, stamp, stamped_content):
    """The gzip file of `stamped_content`: `pieces` with `stamp` deflated between each."""
    between = _deflated(stamp, last=False)
    trailer = struct.pack("<II", zlib.crc32(stamped_content), len(stamped_content) & 0xFFFFFFFF)
    return GZIP_HEADER + between.join(pieces) + trailer


def _from_cache(request, stored):
    status, headers, content, csp, pieces = stored
    content, stamp = _with_stamp(content)
    compressed = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(
        gzip_joined(pieces, stamp, content) if compressed and pieces else content, status=status
    )
    for name, value in headers:
        response[name] = value
    # The length kept is the page's as drawn: this body may be compressed, and a
    # wrong length leaves a browser waiting for bytes that never come.
    response["Content-Length"] = str(len(response.content))
    if compressed and pieces:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    if csp is not None:
        response._csp_config = csp  # a page framed elsewhere (the embed)
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Serves anonymous visitors the public pages from the shared cache (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is not None:
            # Kept a moment in the process too: a page is tens of KB, and reading it
            # from Redis on every view held a busy page to half of a static file's rate.
            stored = cache_get_recent(key, store=PAGES)
            if stored is not None:
                return _from_cache(request, stored)
        anonymous = _anonymous_read(request)
        if anonymous:
            generation = route_recall(request)
        response = self.get_response(request)
        if anonymous and _public(request, response):
            route_keep(request, generation)
        if key is not None:
            if "Cache-Control" not in response:
                # Django's "never cache": private, no-store, no-cache, max-age=0.
                add_never_cache_headers(response)
            seconds = _shared_for(request, response)
            if seconds:
                _vary_without_cookie(response)
                headers = [(k, v) for k, v in response.items() if k != HEADER]
                csp = getattr(response, "_csp_config", None)
                content = response.content
                compressible = response.get("Content-Type", "").startswith(COMPRESSIBLE)
                pieces = gzip_pieces(content) if compressible and len(content) >= 200 else None
                cache.set(key, (response.status_code, headers, content, csp, pieces), seconds)
                response[HEADER] = "miss"
        elif _personal(request) and _language_prefixed(request.path_info):
            # Someone with a session (an editor) sees their own page: never shared.
            add_never_cache_headers(response)
        return _stamped(response)
