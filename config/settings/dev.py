"""Local development: `make run` (the site as visitors see it) and `make dev` (debugging)."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

# `make run` shows the site's own error pages, in the visitor's language, as a
# demo should; `make dev` (DJANGO_DEBUG=1) shows Django's debug pages instead.
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
# With DEBUG off runserver serves no static files: whitenoise serves them
# straight from the source folders, re-read as they change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# Development only: production reads SECRET_KEY from the environment and has no default.
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
IP_HASH_SALT = "dev-only-ip-salt"
# The demo's admin account signs in with its password alone; production asks more.
STAFF_TWO_STEP_REQUIRED = False
