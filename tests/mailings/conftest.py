import pytest

from mailings.factories import MailingFactory, MailingVersionFactory
from supporters.factories import SupporterFactory

from .stub_provider import StubMailgun


@pytest.fixture
def stub():
    server = StubMailgun().start()
    yield server
    server.stop()


@pytest.fixture
def mailgun(settings, stub):
    """anymail's real Mailgun backend, talking HTTP to the stub on 127.0.0.1."""
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend"}}
    settings.ANYMAIL = {
        "MAILGUN_API_KEY": "stub-key",
        "MAILGUN_API_URL": f"http://127.0.0.1:{stub.port}/v3",
        "MAILGUN_SENDER_DOMAIN": "mg.example.org",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "stub-signing-key",
        "WEBHOOK_SECRET": "hook:a-long-enough-webhook-password",
        "REQUESTS_TIMEOUT": 0.5,
    }
    settings.ANYMAIL_PROVIDER = "mailgun"
    settings.MAILING_BATCH_SIZE = 3
    settings.MAILING_CONCURRENCY = 1
    return stub


@pytest.fixture
def people(db):
    """Seven who agreed to campaign email (two in French), and two who must never get it."""
    mailable = [
        SupporterFactory(first_name=f"Person{n}", email_consent=True, language="en")
        for n in range(5)
    ] + [
        SupporterFactory(first_name=f"Personne{n}", email_consent=True, language="fr")
        for n in range(2)
    ]
    SupporterFactory(first_name="NoConsent", email_consent=False)
    from django.utils import timezone

    SupporterFactory(first_name="Bounced", email_consent=True, suppressed_at=timezone.now())
    return mailable


@pytest.fixture
def mailing(db):
    mailing = MailingFactory()
    MailingVersionFactory(mailing=mailing, language="en", fallback=True)
    MailingVersionFactory(
        mailing=mailing,
        language="fr",
        fallback=False,
        subject="{first_name}, le 18 décembre est la Journée des migrants",
        body="<p>Cher·e {first_name},</p><p>Rejoignez-nous le 18 décembre.</p>",
    )
    return mailing
