from django.conf import settings


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
        return response
