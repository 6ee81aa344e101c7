"""A provider configured without a strong webhook secret lets anyone silence supporters."""

from django.conf import settings
from django.core.checks import Error, register

# A password guessed over HTTP at any speed a provider's endpoint allows
# should still outlast the campaign: 16 characters at the least.
MIN_PASSWORD_LENGTH = 16


def webhook_secret_problem(secret):
    """What is wrong with anymail's WEBHOOK_SECRET ("user:password", or a list), or ""."""
    secrets = [secret] if isinstance(secret, str) else list(secret or [])
    if not any(secrets):
        return "missing"
    for value in secrets:
        user, colon, password = str(value).partition(":")
        if not colon or not user:
            return "not in the form user:password"
        if len(password) < MIN_PASSWORD_LENGTH:
            return f"its password is shorter than {MIN_PASSWORD_LENGTH} characters"
    return ""


@register()
def webhook_secret_check(app_configs=None, **kwargs):
    if not getattr(settings, "ANYMAIL_PROVIDER", ""):
        return []
    problem = webhook_secret_problem(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))
    if not problem:
        return []
    return [
        Error(
            f"ANYMAIL_WEBHOOK_SECRET is {problem}: anyone could post forged bounces and "
            "complaints to the tracking webhook and silence supporters.",
            hint=(
                "Set ANYMAIL_WEBHOOK_SECRET to user:password with a long random password, "
                "and give the provider https://user:password@your.host/anymail/"
                f"{settings.ANYMAIL_PROVIDER}/tracking/ (see the README)."
            ),
            id="mailings.E001",
        )
    ]
