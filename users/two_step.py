"""Two-step verification for staff: a password, then a code from an authenticator app.

Built on django-otp's TOTP devices (RFC 6238: any authenticator app). Staff
who can see supporters' personal data, and superusers, must use it to enter
the admin (settings.STAFF_TWO_STEP_REQUIRED); anyone else may turn it on from
their account page, and is then asked for a code at every sign-in.
"""

import segno
from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

PERSONAL_DATA = "supporters.view_personal_data"
DEVICE_NAME = "authenticator"


def two_step_required(user):
    """Whether this account must verify a second step before using the admin."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user_has_device(user, confirmed=True):
        return True  # they turned it on themselves
    return settings.STAFF_TWO_STEP_REQUIRED and (user.is_superuser or user.has_perm(PERSONAL_DATA))


def next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        allowed, _why = self.device.verify_is_allowed()
        if not allowed:
            # django-otp waits longer after each wrong code, so codes cannot be guessed.
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a little, then try the newest code.")
            )
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Check your app's clock and try the newest code.")
            )
        return code


class TwoStepView(WagtailAdminTemplateMixin, FormView):
    form_class = CodeForm
    template_name = "users/two_step.html"
    header_icon = "key"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request, ""), **kwargs)

    def form_valid(self, form):
        self.device.confirmed = True
        self.device.save(update_fields=["confirmed"])
        otp_login(self.request, self.device)
        return redirect(next_url(self.request, reverse("wagtailadmin_home")))


class TwoStepVerifyView(TwoStepView):
    """After the password: the code from the app this account set up."""

    page_title = _("Two-step verification")

    def dispatch(self, request, *args, **kwargs):
        self.device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if self.device is None:
            return redirect(f"{reverse('two_step_setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)


class TwoStepSetupView(TwoStepView):
    """Scan a QR code with an authenticator app, then type one code to prove it works.

    Setting up again (a new phone) replaces the old device once the new code is
    right; until then the old one still works.
    """

    page_title = _("Set up two-step verification")

    def dispatch(self, request, *args, **kwargs):
        self.device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": DEVICE_NAME}
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Drawn here as SVG: the secret never leaves this site for a QR service.
        qr = segno.make(self.device.config_url, error="m")
        return super().get_context_data(
            setup=True,
            qr_svg=mark_safe(qr.svg_inline(scale=4, dark="#000", light="#fff")),  # noqa: S308 - segno's own SVG
            secret=self.device.bin_key.hex(),
            **kwargs,
        )

    def form_valid(self, form):
        TOTPDevice.objects.filter(user=self.request.user, confirmed=True).delete()
        return super().form_valid(form)
