"""Tests: the embedded default unless DATABASE_URL / REDIS_URL say otherwise."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import FOLLOW, Q_CLUSTER

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
IP_HASH_SALT = "test-only-ip-salt"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Queued tasks run inline, after the transaction that queued them commits.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mobilise-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="mobilise-test-static-"))
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WAGTAILADMIN_BASE_URL = BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Tasks run inline in tests: a following task works through what is there and returns.
FOLLOW = {**FOLLOW, "pause": 0, "idle": 0, "max": 30, "retry_pause": 0, "lock": 2}
PETITION_EMAIL_CLAIM_TIMEOUT = 2
# Tests change settings and act at once.
CACHE_RECENT_SECONDS = 0
# Two-step verification is tested on its own (tests/users/test_security.py).
STAFF_TWO_STEP_REQUIRED = False
# Views are tested as drawn; the page cache is tested on its own
# (tests/home/test_pagecache.py) and is on in the browser tests.
PAGE_CACHE_SECONDS = 0
