"""Settings for the tests that run the real processes (qcluster, a web server) and kill them.

The embedded default as `make run` has it (SQLite in WAL mode in MOBILISE_VAR_DIR,
the file cache shared by every process, django-q2's ORM broker), with mail
recorded line by line (tests/process_mail.py) or sent to a stub provider.
"""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import FOLLOW, Q_CLUSTER

SECRET_KEY = "process-test-only-insecure-key"
IP_HASH_SALT = "process-test-only-ip-salt"
ALLOWED_HOSTS = ["*"]
PETITION_LIMITS = {
    "burst": 10_000,
    "sustained": 10_000,
    "hard_per_hour": 10_000,
    "min_fill_seconds": 0,
}
Q_CLUSTER = {**Q_CLUSTER, "workers": 2, "poll": 0.2}
# A follower that stays on the lookout for longer than a test waits, when a test says so.
FOLLOW = {**FOLLOW, "idle": float(os.environ.get("FOLLOW_IDLE", FOLLOW["idle"]))}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

if os.environ.get("STUB_MAILGUN_URL"):
    ANYMAIL_PROVIDER = "mailgun"
    ANYMAIL = {
        "MAILGUN_API_KEY": "stub-key",
        "MAILGUN_API_URL": os.environ["STUB_MAILGUN_URL"],
        "MAILGUN_SENDER_DOMAIN": "mg.example.org",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "stub-signing-key",
        "WEBHOOK_SECRET": "hook:a-long-enough-webhook-password",
        "REQUESTS_TIMEOUT": MAILING_SEND_TIMEOUT,  # noqa: F405
    }
    MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend"}}
else:
    MAILERS = {"default": {"BACKEND": "tests.process_mail.RecordingBackend"}}
