"""Keeps staff who must verify a second step out of the admin until they have."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .two_step import two_step_required

# Signing in and out, and the two-step pages themselves, stay open.
OPEN = ("login/", "logout/", "password_reset/", "two-step/", "jsi18n/")


class TwoStepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = reverse("wagtailadmin_home")
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            path.startswith(admin)
            and not path[len(admin) :].startswith(OPEN)
            and user is not None
            and not user.is_verified()
            and two_step_required(user)
        ):
            target = "two_step_verify" if _has_device(user) else "two_step_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _has_device(user):
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)
