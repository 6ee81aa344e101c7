from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from mailings import services
from mailings.models import Delivery, Mailing
from supporters.services import supporter_unsubscribe

pytestmark = pytest.mark.django_db


def send(mailing, capture):
    with capture(execute=True):
        services.mailing_send(mailing=mailing)
    mailing.refresh_from_db()
    return mailing


def test_each_mailable_person_gets_their_own_email_once(
    mailgun, people, mailing, django_capture_on_commit_callbacks
):
    send(mailing, django_capture_on_commit_callbacks)

    assert mailing.status == Mailing.Status.SENT
    emails = sorted(p.email for p in people)
    assert sorted(mailgun.recipients()) == emails  # once each; the two others never
    for batch in mailgun.batches:
        assert len(batch["to"]) <= 3
        assert not batch["cc"] and not batch["bcc"]
        # Mailgun sends one copy per recipient when each has recipient-variables.
        assert set(batch["variables"]) == set(batch["to"])
        assert "%recipient.first_name%" in batch["subject"]
        assert "%recipient.unsubscribe_url%" in batch["html"]
    by_email = {p.email: p for p in people}
    for batch in mailgun.batches:
        for address, data in batch["variables"].items():
            person = by_email[address]
            assert data["first_name"] == person.first_name
            assert "/unsubscribe/" in data["unsubscribe_url"]
            assert data["unsubscribe_url"].startswith(f"http://testserver/{person.language}/")
            assert data["h:List-Unsubscribe"] == f"<{data['unsubscribe_url']}>"
            assert data["h:List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            french = "Journée des migrants" in batch["subject"]
            assert french == (person.language == "fr")
    assert set(mailing.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert all(mailing.deliveries.values_list("message_id", flat=True))


@pytest.mark.parametrize("failure", [500, 429])
def test_a_provider_error_is_retried_without_sending_twice(
    mailgun, people, mailing, django_capture_on_commit_callbacks, failure
):
    mailgun.script = ["ok", failure, failure, "ok"]
    send(mailing, django_capture_on_commit_callbacks)

    assert mailing.status == Mailing.Status.SENT
    assert sorted(mailgun.recipients()) == sorted(p.email for p in people)


def test_a_timeout_doubles_at_most_the_batch_in_flight(
    mailgun, people, mailing, django_capture_on_commit_callbacks
):
    mailgun.script = ["ok", "slow"]  # accepted, but the answer comes after the client gave up
    send(mailing, django_capture_on_commit_callbacks)

    counts = Counter(mailgun.recipients())
    assert set(counts) == {p.email for p in people}
    doubled = {address for address, n in counts.items() if n > 1}
    assert doubled == set(mailgun.batches[1]["to"])  # only the batch whose answer was lost
    assert mailing.status == Mailing.Status.SENT


def test_a_dropped_connection_doubles_at_most_that_batch(
    mailgun, people, mailing, django_capture_on_commit_callbacks
):
    mailgun.script = ["drop"]
    send(mailing, django_capture_on_commit_callbacks)

    counts = Counter(mailgun.recipients())
    assert set(counts) == {p.email for p in people}
    assert {a for a, n in counts.items() if n > 1} <= set(mailgun.batches[0]["to"])


def test_a_worker_killed_between_claim_and_mark_is_recovered_by_the_sweep(
    mailgun, people, mailing, django_capture_on_commit_callbacks, monkeypatch
):
    # The fan-out runs, then the first batch is claimed and handed to the provider,
    # and the worker dies before marking it: no exception, no mark, chain gone.
    monkeypatch.setattr(services, "mailing_chains_start", lambda **kwargs: 0)
    send(mailing, django_capture_on_commit_callbacks)
    ids = services.deliveries_claim(mailing_id=mailing.pk, size=3)
    rows = Delivery.objects.filter(pk__in=ids).select_related("supporter")
    version = mailing.version_for("en")
    group = [r for r in rows if r.supporter.language == "en"]
    monkeypatch.setattr(services, "_mark_sent", lambda *args: None)  # dies before marking
    services._send_group(mailing, version, group, None)
    monkeypatch.undo()
    in_flight = set(mailgun.recipients())
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).count() == 3

    later = timezone.now() + timedelta(seconds=700)
    with django_capture_on_commit_callbacks(execute=True):
        Mailing.objects.filter(pk=mailing.pk).update(
            heartbeat_at=timezone.now() - timedelta(hours=1)
        )
        result = services.mailings_sweep(now=later)
    assert result == {"released": 3, "restarted": 1}
    mailing.refresh_from_db()

    counts = Counter(mailgun.recipients())
    assert set(counts) == {p.email for p in people}
    assert {a for a, n in counts.items() if n > 1} <= in_flight
    assert mailing.status == Mailing.Status.SENT


def test_unsubscribing_takes_effect_before_the_next_batch(
    mailgun, people, mailing, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "mailing_chains_start", lambda **kwargs: 0)
    send(mailing, django_capture_on_commit_callbacks)
    first = services.mailing_send_batch(mailing_id=mailing.pk)
    assert first == 3
    later = Delivery.objects.filter(status=Delivery.Status.QUEUED).select_related("supporter")
    leaving = later.first().supporter
    supporter_unsubscribe(supporter=leaving, mailing_id=mailing.pk)
    while services.mailing_send_batch(mailing_id=mailing.pk) is not None:
        pass

    assert leaving.email not in mailgun.recipients()
    assert Delivery.objects.get(supporter=leaving).status == Delivery.Status.SKIPPED
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_pause_resume_and_cancel(
    mailgun, people, mailing, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "mailing_chains_start", lambda **kwargs: 0)
    send(mailing, django_capture_on_commit_callbacks)
    services.mailing_send_batch(mailing_id=mailing.pk)
    assert services.mailing_pause(mailing=mailing) == 1
    assert services.mailing_send_batch(mailing_id=mailing.pk) is None  # paused: nothing goes
    assert len(mailgun.recipients()) == 3
    mailing.refresh_from_db()
    assert services.mailing_cancel(mailing=mailing) == 1
    assert Delivery.objects.filter(status=Delivery.Status.CANCELLED).count() == 4
    assert services.mailing_resume(mailing=mailing) == 0  # a cancelled mailing stays cancelled
    assert len(mailgun.recipients()) == 3


def test_a_scheduled_mailing_starts_when_due(
    mailgun, people, mailing, django_capture_on_commit_callbacks
):
    services.mailing_send(mailing=mailing, at=timezone.now() + timedelta(hours=1))
    assert mailing.status == Mailing.Status.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        services.mailings_start_due()
    assert mailgun.recipients() == []
    Mailing.objects.filter(pk=mailing.pk).update(scheduled_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.mailings_start_due()
    assert len(mailgun.recipients()) == len(people)


def test_a_claim_never_handed_to_the_provider_is_sent_soon_after_its_worker_died(
    mailgun, people, mailing, django_capture_on_commit_callbacks, monkeypatch, settings
):
    monkeypatch.setattr(services, "mailing_chains_start", lambda **kwargs: 0)
    send(mailing, django_capture_on_commit_callbacks)
    ids = services.deliveries_claim(mailing_id=mailing.pk, size=3)  # ... and the worker dies
    soon = timezone.now() + timedelta(seconds=settings.FOLLOW["lock"] + 1)
    assert soon < timezone.now() + timedelta(seconds=settings.MAILING_CLAIM_TIMEOUT)
    assert services.mailings_sweep(now=soon)["released"] == 3
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Delivery.Status.QUEUED
    }
    while services.mailing_send_batch(mailing_id=mailing.pk) is not None:
        pass
    assert Counter(mailgun.recipients()) == Counter(p.email for p in people), "once each"


def test_a_batch_in_flight_is_sent_again_only_to_those_the_provider_said_nothing_about(
    mailgun, people, mailing, django_capture_on_commit_callbacks, monkeypatch, settings
):
    from anymail.signals import AnymailTrackingEvent

    monkeypatch.setattr(services, "mailing_chains_start", lambda **kwargs: 0)
    send(mailing, django_capture_on_commit_callbacks)
    ids = services.deliveries_claim(mailing_id=mailing.pk, size=3)
    rows = list(Delivery.objects.filter(pk__in=ids).select_related("supporter"))
    group = [r for r in rows if r.supporter.language == "en"]
    assert len(group) == 3
    monkeypatch.setattr(services, "_mark_sent", lambda *args: None)  # dies before marking
    services._send_group(mailing, mailing.version_for("en"), group, None)
    monkeypatch.undo()
    monkeypatch.setattr(services, "mailing_chains_start", lambda **kwargs: 0)
    in_flight = [r.supporter.email for r in group]
    assert sorted(mailgun.recipients()) == sorted(in_flight)

    # The provider's webhooks say it accepted two of them.
    for n, row in enumerate(group[:2]):
        services.tracking_event_record(
            event=AnymailTrackingEvent(
                event_type="queued",
                event_id=f"accepted-{n}",
                message_id=f"<{n}@mg.example.org>",
                recipient=row.supporter.email,
                metadata={"delivery": str(row.pk)},
            ),
            esp_name="Mailgun",
        )
    assert services.mailings_sweep(now=timezone.now())["released"] == 0, "still within its time"
    later = timezone.now() + timedelta(seconds=settings.MAILING_CLAIM_TIMEOUT + 1)
    assert services.mailings_sweep(now=later)["released"] == 1
    while services.mailing_send_batch(mailing_id=mailing.pk) is not None:
        pass

    counts = Counter(mailgun.recipients())
    assert set(counts) == {p.email for p in people}, "everyone got it"
    assert {a for a, n in counts.items() if n > 1} == {group[2].supporter.email}
    assert Delivery.objects.get(pk=group[0].pk).message_id == "<0@mg.example.org>"
