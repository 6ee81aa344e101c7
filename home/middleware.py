from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render

from .visitors import TooManyRequests


class AdminContentSecurityPolicyMiddleware:
    """Gives the Wagtail admin its own, looser Content Security Policy.

    Listed after Django's CSP middleware so that it marks the response before
    that middleware writes the header; public pages keep the strict policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.ADMIN_PATH_PREFIXES):
            response._csp_config = settings.ADMIN_CSP
            # The admin frames its own previews; both headers say the same.
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response


class PermissionsPolicyMiddleware:
    """Refuses camera, microphone, location and the like to every page (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TooManyRequestsMiddleware:
    """Answers a TooManyRequests raised anywhere below with a page in the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TooManyRequests):
            return None
        minutes = max(1, round(exception.retry_after / 60))
        response = render(request, "429.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that paths outside the language prefixes are never redirected.

    Django sends a 404 to the same path under a language prefix when that would
    resolve, and the page tree resolves everything: a provider's webhook, the
    admin or a document would get a redirect to /en/... instead of their answer.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(settings.UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)


# What is worth compressing: text. Images, PDFs and archives are compressed already.
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text only (README, "Compression").

    HTML, SVG maps, JSON counts, CSV exports and calendars shrink four to ten
    times, which a phone on a slow, metered network feels. Django's own adds a
    random number of bytes to each answer (BREACH); pages that carry a secret
    carry Django's CSRF token, masked anew in every answer. Pages from the page
    cache come compressed already (home.pagecache), once per copy.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
