from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .two_step import TwoStepSetupView, TwoStepVerifyView


@hooks.register("register_admin_urls")
def two_step_urls():
    return [
        path("two-step/verify/", TwoStepVerifyView.as_view(), name="two_step_verify"),
        path("two-step/setup/", TwoStepSetupView.as_view(), name="two_step_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_step_menu_item(request):
    return {
        "url": reverse("two_step_setup"),
        "label": _("Two-step verification"),
        "help_text": _(
            "Ask for a code from an authenticator app at every sign-in. "
            "Set it up again here when you change phones."
        ),
    }
