"""The provider's tracking webhook: only the configured provider's, authenticated, never a 500.

A tracking event can suppress a supporter (a bounce, a complaint), so a forged
one silences a person. anymail mounts a webhook for every provider it knows and
authenticates them only when a secret is set; here only the provider the site
sends through is answered (read per request, not at import), production
refuses to start without the secret (config/settings/production.py and
mailings/checks.py), and whatever a stranger sends gets a 4xx.
"""

import logging

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
)
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

SUFFIX = "_tracking_webhook"
# anymail's tracking view for each provider, named as in ANYMAIL_PROVIDER
# (the module under anymail.backends): {"mailgun": view, "postmark": view, ...}.
TRACKING_VIEWS = {
    pattern.name.removesuffix(SUFFIX): pattern.callback
    for pattern in anymail_urls.urlpatterns
    if pattern.name and pattern.name.endswith(SUFFIX)
}


def tracking_view_for(provider):
    """anymail's tracking view for the configured provider, or None."""
    return TRACKING_VIEWS.get(provider or "")


class PayloadTooLarge(HttpResponse):
    status_code = 413


@csrf_exempt
def tracking_webhook(request, provider):
    view = tracking_view_for(settings.ANYMAIL_PROVIDER)
    if view is None or provider != settings.ANYMAIL_PROVIDER:
        raise Http404("No tracking webhook for this provider.")
    if request.method not in ("POST", "HEAD"):
        return HttpResponseNotAllowed(["POST", "HEAD"])
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponseBadRequest("Bad Content-Length.")
    if length > settings.MAILING_WEBHOOK_MAX_BYTES:
        return PayloadTooLarge("Payload too large.")
    try:
        return view(request)
    except AnymailWebhookValidationFailure as error:
        logger.warning("refused webhook at %s: %s", request.path, error)
        return HttpResponseForbidden("Not authenticated.")
    except AnymailConfigurationError:
        # The provider's signing key is missing: say so in the log, not to the caller.
        logger.exception("the %s webhook is not configured", provider)
        return HttpResponse("Webhook not configured.", status=503)
    except RequestDataTooBig:
        return PayloadTooLarge("Payload too large.")
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        # anymail's parsers raise these on payloads they do not expect (a JSON
        # list where an object belongs, a missing field).
        logger.warning("malformed webhook payload at %s: %r", request.path, error)
        return HttpResponseBadRequest("Malformed payload.")
