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
AUTH = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"hook:secret").decode()}


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
