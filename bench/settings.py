"""Settings for bench/sign.py: production's, with mail discarded and limits raised.

Read by the gunicorn servers, the task worker and the helper processes that the
benchmark starts. Everything else (middleware, caches, the task broker, the
database options) is production's, so the benchmark measures the real path.
"""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import DATABASES, PETITION_LIMITS, Q_CLUSTER

# Confirmation emails are rendered but go nowhere; in the kill phase each one
# sent is written to a log, to count who got theirs and who got it twice.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
if os.environ.get("BENCH_RECORD_MAIL"):
    MAILERS = {"default": {"BACKEND": "tests.process_mail.RecordingBackend"}}
# Plain HTTP on 127.0.0.1: no proxy in front to terminate TLS.
SECURE_SSL_REDIRECT = False
# The load generator plays a crowd behind one proxy: each request says in
# X-Forwarded-For which address it comes from (the load comes from 127.0.0.1, the
# trusted proxy), three signatures to an address, so
# the per-IP limits are checked as in production and never trip. The form is
# posted at once.
TRUSTED_PROXIES = ["127.0.0.1/32"]
PETITION_LIMITS = {**PETITION_LIMITS, "min_fill_seconds": 0}

# Ablation: a broker that drops every task, to measure what enqueueing costs.
if os.environ.get("BENCH_BROKER_CLASS"):
    Q_CLUSTER = {**Q_CLUSTER, "broker_class": os.environ["BENCH_BROKER_CLASS"]}

# Ablation: what persistent connections save (base.py keeps them 60 s by default).
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])
