"""Production: every secret from the environment; fails fast when one is missing."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_list


def required(name):
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


SECRET_KEY = required("SECRET_KEY")
IP_HASH_SALT = required("IP_HASH_SALT")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail goes through anymail to the provider named by ANYMAIL_PROVIDER (the
# module name under anymail.backends: postmark, mailgun, amazon_ses, brevo, ...).
# Every other ANYMAIL_* variable becomes that provider's setting, e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN -> ANYMAIL["POSTMARK_SERVER_TOKEN"].
ANYMAIL_PROVIDER = required("ANYMAIL_PROVIDER")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and key != "ANYMAIL_PROVIDER"
}
# The tracking webhook can suppress supporters: without its secret anyone could.
ANYMAIL["WEBHOOK_SECRET"] = required("ANYMAIL_WEBHOOK_SECRET")
if "REQUESTS_TIMEOUT" in ANYMAIL:  # seconds, as a number for the HTTP client
    ANYMAIL["REQUESTS_TIMEOUT"] = float(ANYMAIL["REQUESTS_TIMEOUT"])
MAILERS = {"default": {"BACKEND": f"anymail.backends.{ANYMAIL_PROVIDER}.EmailBackend"}}

# HTTPS everywhere; the proxy in front sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
