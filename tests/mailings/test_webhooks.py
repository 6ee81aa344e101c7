import base64
import hashlib
import hmac
import json
import time

import pytest
from django.test import Client

from mailings import services
from mailings.models import Delivery, TrackingEvent
from supporters.models import Supporter

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/tracking/"
SECRET = "hook:a-long-enough-webhook-password"


def basic(secret):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


AUTH = basic(SECRET)


def signed(event_data, key="stub-signing-key"):
    timestamp, token = str(int(time.time())), "a" * 50
    digest = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": digest},
        "event-data": event_data,
    }


def bounce(delivery, event_id="evt-1"):
    return {
        "event": "failed",
        "severity": "permanent",
        "id": event_id,
        "timestamp": time.time(),
        "recipient": delivery.supporter.email,
        "reason": "bounce",
        "message": {"headers": {"message-id": "batch1@mg.example.org"}},
        "user-variables": {"delivery": str(delivery.pk)},
        "delivery-status": {"code": 550, "message": "No such mailbox"},
    }


@pytest.fixture
def sent(mailgun, people, mailing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing)
    return Delivery.objects.select_related("supporter").order_by("pk").first()


def post(client, payload, **extra):
    return client.post(
        URL, json.dumps(payload), content_type="application/json", **{**AUTH, **extra}
    )


def test_a_bounce_suppresses_the_address_once_however_often_it_is_replayed(sent):
    client = Client(enforce_csrf_checks=True)  # providers send no CSRF token
    payload = signed(bounce(sent))
    assert post(client, payload).status_code == 200
    sent.refresh_from_db()
    sent.supporter.refresh_from_db()
    assert sent.status == Delivery.Status.BOUNCED
    assert sent.supporter.suppressed_at is not None
    assert sent.supporter.suppressed_reason == "bounced"
    first_suppression = sent.supporter.suppressed_at

    assert post(client, payload).status_code == 200  # the provider retries
    sent.supporter.refresh_from_db()
    assert sent.supporter.suppressed_at == first_suppression
    assert TrackingEvent.objects.count() == 1
    assert not Supporter.objects.mailable().filter(pk=sent.supporter_id).exists()


def test_a_complaint_suppresses_and_delivered_does_not_overwrite_it(client, sent):
    complaint = {**bounce(sent, "evt-2"), "event": "complained"}
    complaint.pop("severity")
    assert post(client, signed(complaint)).status_code == 200
    delivered = {**bounce(sent, "evt-3"), "event": "delivered"}
    delivered.pop("severity")
    assert post(client, signed(delivered)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.COMPLAINED
    assert Supporter.objects.get(pk=sent.supporter_id).suppressed_reason == "complained"


def test_a_delivered_event_marks_the_delivery(client, sent):
    delivered = {**bounce(sent, "evt-4"), "event": "delivered"}
    delivered.pop("severity")
    assert post(client, signed(delivered)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.DELIVERED


def test_a_bad_signature_is_refused_and_changes_nothing(client, sent):
    response = post(client, signed(bounce(sent), key="wrong-key"))
    assert 400 <= response.status_code < 500
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT
    assert TrackingEvent.objects.count() == 0


def test_missing_webhook_credentials_are_refused(client, sent):
    response = client.post(URL, json.dumps(signed(bounce(sent))), content_type="application/json")
    assert 400 <= response.status_code < 500
    assert TrackingEvent.objects.count() == 0


@pytest.mark.parametrize("body", ["not json", "{}", '{"signature": {}}', "[]"])
def test_malformed_payloads_are_refused(client, sent, body):
    response = client.post(URL, body, content_type="application/json", **AUTH)
    assert 400 <= response.status_code < 500
    assert TrackingEvent.objects.count() == 0


# Only the configured provider, and only with its secret ----------------------------


def hard_bounce(email):
    """A Postmark HardBounce, as anyone could write one."""
    return {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "ID": 42,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Email": email,
        "BouncedAt": "2026-12-01T10:00:00Z",
        "Description": "The server was unable to deliver your message.",
    }


@pytest.fixture
def postmark(settings):
    settings.ANYMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token", "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def victim(db):
    from supporters.factories import SupporterFactory

    return SupporterFactory(email="siti.aminah@example.org", email_consent=True)


def post_bounce(client, email, **extra):
    return client.post(
        "/anymail/postmark/tracking/",
        json.dumps(hard_bounce(email)),
        content_type="application/json",
        **extra,
    )


@pytest.mark.parametrize(
    "credentials",
    [
        {},
        basic("hook:wrong-password-of-enough-length"),
        basic("nobody"),
        {"HTTP_AUTHORIZATION": "Bearer x"},
    ],
    ids=["none", "wrong", "malformed", "not-basic"],
)
def test_a_forged_bounce_does_not_silence_anyone(client, postmark, victim, credentials):
    response = post_bounce(client, victim.email, **credentials)
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.suppressed_at is None
    assert TrackingEvent.objects.count() == 0


def test_the_providers_own_bounce_suppresses(client, postmark, victim):
    assert post_bounce(client, victim.email, **AUTH).status_code == 200
    victim.refresh_from_db()
    assert victim.suppressed_at is not None


@pytest.mark.parametrize(
    "path",
    [
        "/anymail/sendgrid/tracking/",
        "/anymail/mailgun/tracking/",
        "/anymail/amazon_ses/tracking/",
        "/anymail/postmark/inbound/",
        "/anymail/nonsense/tracking/",
    ],
)
def test_other_providers_webhooks_are_not_there(client, postmark, victim, path):
    response = client.post(path, "{}", content_type="application/json", **AUTH)
    assert response.status_code == 404
    assert TrackingEvent.objects.count() == 0


def test_without_a_provider_no_webhook_is_there(client, settings):
    settings.ANYMAIL_PROVIDER = ""
    for provider in ("postmark", "mailgun", "sendgrid"):
        response = client.post(
            f"/anymail/{provider}/tracking/", "{}", content_type="application/json"
        )
        assert response.status_code == 404


def test_the_webhook_takes_only_posts(client, postmark):
    response = client.get("/anymail/postmark/tracking/")
    assert response.status_code == 405
    assert client.head("/anymail/postmark/tracking/").status_code == 200  # providers check it


def test_an_oversized_payload_is_refused_before_it_is_read(client, postmark, settings):
    settings.MAILING_WEBHOOK_MAX_BYTES = 1000
    body = json.dumps({**hard_bounce("a@example.org"), "Description": "x" * 2000})
    response = client.post(
        "/anymail/postmark/tracking/", body, content_type="application/json", **AUTH
    )
    assert response.status_code == 413


@pytest.mark.parametrize("body", ["not json", "[]", "[1, 2]", "null", '"text"'])
def test_malformed_postmark_payloads_are_a_4xx(client, postmark, body):
    response = client.post(
        "/anymail/postmark/tracking/", body, content_type="application/json", **AUTH
    )
    assert 400 <= response.status_code < 500
    assert TrackingEvent.objects.count() == 0


def test_a_provider_missing_its_signing_key_answers_503(client, mailgun, settings):
    # anymail falls back to the API key when the signing key is missing: remove both.
    missing = ("MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_API_KEY")
    settings.ANYMAIL = {k: v for k, v in settings.ANYMAIL.items() if k not in missing}
    response = client.post(URL, json.dumps(signed({})), content_type="application/json", **AUTH)
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        (None, "missing"),
        ("", "missing"),
        ("just-a-password-long-enough", "not in the form user:password"),
        (":password-long-enough-here", "not in the form user:password"),
        ("hook:short", "shorter than 16 characters"),
        (["hook:a-long-enough-webhook-password", "old:short"], "shorter than 16"),
    ],
)
def test_a_provider_without_a_strong_secret_fails_the_checks(settings, secret, problem):
    from mailings.checks import webhook_secret_check

    settings.ANYMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "t",
        **({"WEBHOOK_SECRET": secret} if secret is not None else {}),
    }
    errors = webhook_secret_check()
    assert [error.id for error in errors] == ["mailings.E001"]
    assert problem in errors[0].msg


def test_a_strong_secret_or_no_provider_passes_the_checks(settings):
    from mailings.checks import webhook_secret_check

    settings.ANYMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    assert webhook_secret_check() == []
    settings.ANYMAIL_PROVIDER = ""
    settings.ANYMAIL = {}
    assert webhook_secret_check() == []
