"""anymail's webhook endpoints, each guarded against payloads it does not expect.

anymail checks the webhook's credentials and signature, then parses the payload;
some malformed payloads (a JSON list where an object belongs) raise inside its
parser. A provider or a stranger must get a 400 for those, not a server error.
"""

import functools
import logging

from anymail import urls as anymail_urls
from django.http import HttpResponseBadRequest
from django.urls import URLPattern

logger = logging.getLogger(__name__)
app_name = "anymail"


def guarded(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            logger.warning("malformed webhook payload at %s: %r", request.path, error)
            return HttpResponseBadRequest("Malformed payload.")

    return wrapped


urlpatterns = [
    URLPattern(p.pattern, guarded(p.callback), p.default_args, p.name)
    for p in anymail_urls.urlpatterns
]
