import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def run_with(settings_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "ANYMAIL"))}
    env.update(settings_env)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRUSTED_PROXIES", "10.0.0.0/8, not-a-network", "'not-a-network' is not a network"),
        ("TRUSTED_PROXY_COUNT", "1", "TRUSTED_PROXY_COUNT is no longer read"),
    ],
)
def test_proxy_settings_that_would_misread_addresses_stop_the_site(variable, value, message):
    required = {
        "SECRET_KEY": "x" * 50,
        "IP_HASH_SALT": "y",
        "ALLOWED_HOSTS": "example.org",
        "ANYMAIL_WEBHOOK_SECRET": "hook:a-long-enough-webhook-password",
    }
    result = run_with({**required, "ANYMAIL_PROVIDER": "postmark", variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert run_with({**required, "ANYMAIL_PROVIDER": "postmark"}).returncode == 0


def test_production_refuses_to_start_without_a_webhook_secret():
    result = run_with(
        {
            "SECRET_KEY": "x" * 50,
            "IP_HASH_SALT": "y",
            "ALLOWED_HOSTS": "example.org",
            "ANYMAIL_PROVIDER": "postmark",
        }
    )
    assert result.returncode != 0
    assert "Set the ANYMAIL_WEBHOOK_SECRET environment variable" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"ALLOWED_HOSTS": "example.org", "ANYMAIL_PROVIDER": "postmark"})
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_a_mail_provider():
    result = run_with({"SECRET_KEY": "x" * 50, "IP_HASH_SALT": "y", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "Set the ANYMAIL_PROVIDER environment variable" in result.stderr


def test_production_uses_anymail_with_provider_settings_from_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.MAILERS['default']['BACKEND'], s.ANYMAIL)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 50,
            "IP_HASH_SALT": "y",
            "ALLOWED_HOSTS": "example.org",
            "ANYMAIL_PROVIDER": "mailgun",
            "ANYMAIL_MAILGUN_API_KEY": "key-123",
            "ANYMAIL_WEBHOOK_SECRET": "hook:a-long-enough-webhook-password",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "anymail.backends.mailgun.EmailBackend" in result.stdout
    assert "'MAILGUN_API_KEY': 'key-123'" in result.stdout


def test_embedded_default_is_sqlite_in_wal_with_immediate_transactions():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_task_timeout_is_below_retry():
    from django.conf import settings

    assert settings.Q_CLUSTER["timeout"] < settings.Q_CLUSTER["retry"]
