"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
# Development only: production reads SECRET_KEY from the environment and has no default.
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
IP_HASH_SALT = "dev-only-ip-salt"
# The demo's admin account signs in with its password alone; production asks more.
STAFF_TWO_STEP_REQUIRED = False
