"""The petition tasks: confirmation emails sent once, retried by the sweep when lost,
one reminder, in the signer's language; and signing still works with the worker down."""

import re
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.template.loader import render_to_string as emails_render
from django.utils import timezone
from django.utils.html import escape

from petitions import services, tasks
from petitions.emails import CONFIRM_SALT
from petitions.factories import PetitionPageFactory, SignatureFactory
from petitions.models import Signature
from supporters.models import ConsentRecord
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db

LOCK = services.CONFIRMATIONS.lock_key((), 0)
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/\S+/confirm/\?t=\S+)")


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def html_of(message):
    (content, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return content


@pytest.fixture
def unconfirmed(petition):
    """A signature whose confirmation email was never sent, signed a while ago."""
    return SignatureFactory(petition=petition, email="maria@example.org", created_at=ago(minutes=5))


def send_confirmations():
    """What the confirmation follower does at each step."""
    return services.confirmations_pending_send()


# Confirmation emails -----------------------------------------------------------------


def test_confirmation_is_sent_once_even_if_the_task_runs_twice(unconfirmed):
    assert send_confirmations() == 1
    assert send_confirmations() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria@example.org"]
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmation_sent_at is not None


def test_confirmation_email_links_to_the_confirmation_page(client, petition, unconfirmed):
    send_confirmations()
    message = mail.outbox[0]
    path = CONFIRM_LINK.search(message.body).group(1)
    assert path.startswith(f"{petition.url}confirm/?t=")
    assert f"{petition.url}confirm/?t=" in html_of(message)
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my signature" in page.content.decode()


def test_a_failed_send_is_released_and_the_sweep_sends_it_later(unconfirmed):
    failing = mock.patch(
        "petitions.emails.SignerEmails.message", side_effect=ConnectionError("SMTP")
    )
    with failing, pytest.raises(ConnectionError):
        send_confirmations()
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmation_sent_at is None, "left for the sweep to retry"
    assert mail.outbox == []

    assert tasks.confirmations_sweep() == 1
    assert len(mail.outbox) == 1
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmation_sent_at is not None
    assert tasks.confirmations_sweep() == 0


def test_a_failure_mid_batch_releases_what_was_not_sent(petition):
    first, second, third = (
        SignatureFactory(petition=petition, email=f"s{n}@example.org", created_at=ago(minutes=5))
        for n in range(3)
    )
    real = services.emails.SignerEmails.message

    def second_fails(self, signature):
        if signature.pk == second.pk:
            raise ConnectionError("SMTP")
        return real(self, signature)

    with (
        mock.patch("petitions.emails.SignerEmails.message", second_fails),
        pytest.raises(ConnectionError),
    ):
        tasks.confirmations_sweep()
    assert [m.to for m in mail.outbox] == [[first.email]]
    sent = dict(Signature.objects.values_list("pk", "confirmation_sent_at"))
    assert sent[first.pk] is not None
    assert sent[second.pk] is None and sent[third.pk] is None, "left for the next run"

    assert tasks.confirmations_sweep() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [first.email, second.email, third.email]


def test_each_email_is_marked_sent_before_the_next_goes(petition):
    """A worker killed while sending one email of a chunk leaves only that one
    unrecorded: it alone may reach its signer twice."""
    signatures = [
        SignatureFactory(petition=petition, email=f"s{n}@example.org", created_at=ago(minutes=5))
        for n in range(4)
    ]
    real = services.emails.SignerEmails.message
    unrecorded_at_each_send = []

    def recorded(self, signature):
        sent = Signature.objects.filter(confirmation_sent_at__isnull=False).count()
        unrecorded_at_each_send.append(len(mail.outbox) - sent)
        return real(self, signature)

    with mock.patch("petitions.emails.SignerEmails.message", recorded):
        assert tasks.confirmations_sweep() == len(signatures)
    assert unrecorded_at_each_send == [0, 0, 0, 0]


def test_the_sweep_leaves_what_it_must_not_send(petition, campaign, settings):
    no_confirmation = PetitionPageFactory(
        parent=campaign, slug="no-confirmation", require_confirmation=False
    )
    old = ago(minutes=10)
    lost = SignatureFactory(petition=petition, created_at=old)
    SignatureFactory(petition=petition, created_at=old, confirmed_at=old)
    SignatureFactory(petition=petition, created_at=old, flagged=True, flag_reason="burst")
    SignatureFactory(petition=petition, created_at=old, invalidated_at=timezone.now())
    SignatureFactory(petition=petition, created_at=old, confirmation_sent_at=old)
    young = SignatureFactory(petition=petition, created_at=ago(seconds=5))
    SignatureFactory(petition=petition, created_at=old, email_claimed_at=ago(seconds=5))  # live
    stale = SignatureFactory(petition=petition, created_at=old, email_claimed_at=ago(minutes=5))
    SignatureFactory(petition=no_confirmation, created_at=old)
    settings.FOLLOW = {**settings.FOLLOW, "lock": 20}
    settings.PETITION_EMAIL_CLAIM_TIMEOUT = 30

    cache.add(LOCK, 1)  # a follower is at work: what is young is its to send
    assert services.confirmations_sweep(wait=0) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lost.email, stale.email])
    cache.delete(LOCK)  # no follower: nobody else will send what is left
    assert services.confirmations_sweep(wait=0) == 1
    assert mail.outbox[-1].to == [young.email]


def test_emails_claimed_by_a_worker_that_died_go_out_once_the_claim_lapses(petition, settings):
    """Killed after claiming a chunk, before sending it: the chunk goes out once its
    claims lapse, so nobody is left without their email."""
    signatures = [
        SignatureFactory(petition=petition, email=f"s{n}@example.org", created_at=ago(minutes=1))
        for n in range(services.CLAIM_CHUNK + 3)
    ]
    chunk = [s.pk for s in signatures[: services.CLAIM_CHUNK]]
    assert services._claim(chunk, "confirmation_sent_at") == set(chunk)  # ... then killed
    assert services.confirmations_sweep(wait=0) == 3, "the claimed ones wait for their claim"
    # The sweep a restarted worker runs keeps at it until the claims lapse.
    assert services.confirmations_sweep() == services.CLAIM_CHUNK
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in signatures)
    assert not Signature.objects.filter(confirmation_sent_at__isnull=True).exists()


# reminders_send ---------------------------------------------------------------------


def test_one_reminder_a_day_after_signing_and_never_a_second(petition):
    waiting = SignatureFactory(
        petition=petition, created_at=ago(days=2), confirmation_sent_at=ago(days=2)
    )
    assert tasks.reminders_send() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [waiting.email]
    assert message.subject == f"Your signature is not counted yet: {petition.title}"
    assert CONFIRM_LINK.search(message.body)
    waiting.refresh_from_db()
    assert waiting.reminder_sent_at is not None

    assert tasks.reminders_send() == 0
    assert len(mail.outbox) == 1


def test_no_reminder_to_those_who_need_none(petition):
    two_days = ago(days=2)
    SignatureFactory(
        petition=petition, created_at=two_days, confirmation_sent_at=two_days, confirmed_at=two_days
    )
    SignatureFactory(petition=petition, created_at=ago(hours=3), confirmation_sent_at=ago(hours=3))
    SignatureFactory(petition=petition, created_at=two_days)  # never got the first email
    SignatureFactory(
        petition=petition,
        created_at=two_days,
        confirmation_sent_at=two_days,
        flagged=True,
        flag_reason="burst",
    )
    SignatureFactory(
        petition=petition,
        created_at=two_days,
        confirmation_sent_at=two_days,
        invalidated_at=timezone.now(),
    )

    assert tasks.reminders_send() == 0
    assert mail.outbox == []


# Language and escaping -----------------------------------------------------------------


FRENCH_PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
CONFIRM_SUBJECT = "Confirm your signature: %(title)s"


def french_msgstr(msgid):
    """The French translation of msgid in the catalogue, or "" when it is missing."""
    found = re.search(
        rf'^msgid "{re.escape(msgid)}"\nmsgstr "(.*)"$',
        FRENCH_PO.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    return found.group(1) if found else ""


@pytest.mark.xfail(
    not french_msgstr(CONFIRM_SUBJECT),
    strict=True,
    reason=(
        "locale/fr/LC_MESSAGES/django.po has no entry for the petition emails' strings "
        f"(e.g. {CONFIRM_SUBJECT!r}): run `make messages`, translate the new strings and "
        "compile them; until then French signers get English emails."
    ),
)
def test_emails_are_in_the_signers_language(petition):
    SignatureFactory(petition=petition, language="fr")
    send_confirmations()
    subject = mail.outbox[0].subject
    assert subject.startswith("Confirmez votre signature")
    assert subject == french_msgstr(CONFIRM_SUBJECT) % {"title": petition.title}


def test_emails_are_rendered_in_the_signers_language(petition):
    """What holds without the translations: the language and direction of the HTML part."""
    SignatureFactory(petition=petition, language="fr")
    SignatureFactory(petition=petition, language="ar")
    send_confirmations()
    assert '<html lang="fr" dir="ltr">' in html_of(mail.outbox[0])
    assert '<html lang="ar" dir="rtl">' in html_of(mail.outbox[1])


def test_an_unknown_language_falls_back_to_english(petition):
    SignatureFactory(petition=petition, language="")
    send_confirmations()
    message = mail.outbox[0]
    assert message.subject == f"Confirm your signature: {petition.title}"
    assert '<html lang="en"' in html_of(message)


def test_plain_text_bodies_are_not_html_escaped(petition, campaign):
    SignatureFactory(petition=petition, first_name="O'Brien & Co")
    send_confirmations()
    message = mail.outbox[0]
    assert "Hello O'Brien & Co," in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    html = html_of(message)
    assert "O&#x27;Brien &amp; Co" in html and "O'Brien & Co" not in html


def test_subject_is_one_line_and_not_escaped(petition):
    petition.title = "Domestic workers' rights & C189"
    petition.save()
    SignatureFactory(petition=petition)
    send_confirmations()
    subject = mail.outbox[0].subject
    assert subject == "Confirm your signature: Domestic workers' rights & C189"
    assert "\n" not in subject


# Other tasks ---------------------------------------------------------------------------


def test_duplicate_notice_is_not_sent_for_flagged_or_invalidated(petition):
    flagged = SignatureFactory(petition=petition, flagged=True, flag_reason="honeypot")
    invalid = SignatureFactory(petition=petition, invalidated_at=timezone.now())
    assert tasks.duplicate_notify(flagged.pk) is False
    assert tasks.duplicate_notify(invalid.pk) is False
    assert tasks.duplicate_notify(0) is False
    assert mail.outbox == []


def test_record_supporter_task_only_for_confirmed_unflagged(petition):
    from supporters.models import Supporter

    pending = SignatureFactory(petition=petition)
    flagged = SignatureFactory(petition=petition, confirmed_at=timezone.now(), flagged=True)
    tasks.signature_record_supporter(pending.pk)
    tasks.signature_record_supporter(flagged.pk)
    assert not Supporter.objects.exists()


def test_record_supporter_task_is_idempotent(petition):
    signature = SignatureFactory(
        petition=petition,
        confirmed_at=timezone.now(),
        opt_in=True,
        opt_in_notice=petition.opt_in_notice,
    )
    tasks.signature_record_supporter(signature.pk)
    tasks.signature_record_supporter(signature.pk)
    assert ConsentRecord.objects.count() == 1


# The worker is down -----------------------------------------------------------------------


def test_signing_works_with_the_worker_down_and_the_sweep_sends_later(
    client, petition, sign_data, django_capture_on_commit_callbacks
):
    # The broker is unreachable: queued tasks go nowhere.
    with (
        mock.patch("home.queue.async_task") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            sign_url(petition), sign_data(email="maria@example.org"), REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 303
    queue.assert_called_once_with("petitions.tasks.confirmations_follow", 0)
    signature = Signature.objects.get()
    assert signature.confirmation_sent_at is None
    assert mail.outbox == []

    # The kick took the follower's lock: its task may still be on its way.
    assert services.confirmations_sweep(wait=0) == 0, "too early"
    Signature.objects.filter(pk=signature.pk).update(created_at=ago(minutes=3))
    assert services.confirmations_sweep(wait=0) == 1
    assert mail.outbox[0].to == ["maria@example.org"]
    assert CONFIRM_LINK.search(mail.outbox[0].body)


def test_a_burst_of_signatures_queues_one_task_that_sends_every_confirmation_once(
    client, petition, sign_data, django_capture_on_commit_callbacks
):
    def sign(email):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(sign_url(petition), sign_data(email=email), REMOTE_ADDR="198.51.100.7")

    with mock.patch("home.queue.async_task") as queue:
        for n in range(3):
            sign(f"signer{n}@example.org")
    queue.assert_called_once_with("petitions.tasks.confirmations_follow", 0)
    assert mail.outbox == []

    tasks.confirmations_follow()
    assert sorted(m.to[0] for m in mail.outbox) == [f"signer{n}@example.org" for n in range(3)]
    assert not Signature.objects.filter(confirmation_sent_at__isnull=True).exists()
    tasks.confirmations_follow()
    tasks.confirmations_sweep()
    assert len(mail.outbox) == 3, "nothing is sent twice"

    with mock.patch("home.queue.async_task") as queue:
        sign("later@example.org")
    # The lock was released.
    queue.assert_called_once_with("petitions.tasks.confirmations_follow", 0)


def test_a_signature_that_finds_the_follower_finishing_is_still_sent(
    client, petition, sign_data, django_capture_on_commit_callbacks
):
    """Its kick finds the lock taken and queues nothing; the follower's last step sends it."""
    cache.add(LOCK, 1)
    with (
        mock.patch("home.queue.async_task") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(
            sign_url(petition), sign_data(email="maria@example.org"), REMOTE_ADDR="198.51.100.7"
        )
    queue.assert_not_called()
    tasks.confirmations_follow()
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]


def test_the_follower_works_through_a_backlog_and_hands_over_what_is_left(petition, settings):
    SignatureFactory.create_batch(5, petition=petition)
    with (
        mock.patch.object(services, "CONFIRMATION_BATCH", 2),
        mock.patch.object(services.CONFIRMATIONS, "full", 2),
        mock.patch("home.queue.async_task") as queue,
    ):
        settings.FOLLOW = {**settings.FOLLOW, "pause": 60, "idle": 0, "max": 30}
        cache.add(LOCK, 1)
        # Full batches follow one another without a pause; a short one means the
        # backlog is done, and the follower waits for more to gather.
        pauses = []
        with mock.patch("home.queue._pause", side_effect=pauses.append):
            tasks.confirmations_follow()
        assert len(mail.outbox) == 5
        assert pauses == [60], "one pause, after the short batch"
        queue.assert_not_called()

        SignatureFactory.create_batch(3, petition=petition)
        settings.FOLLOW = {**settings.FOLLOW, "pause": 0, "idle": 0, "max": 0}
        cache.add(LOCK, 1)
        tasks.confirmations_follow()
    assert len(mail.outbox) == 7, "one batch, at the end"
    # A new task takes over the rest.
    queue.assert_called_once_with("petitions.tasks.confirmations_follow", 0)


def test_a_batch_of_confirmations_reads_signatures_and_petitions_once(
    petition, django_assert_num_queries
):
    other = PetitionPageFactory()
    for n in range(6):
        SignatureFactory(petition=petition if n % 2 else other, email=f"s{n}@example.org")
    petition.get_full_url()  # the site's root paths are cached once per process
    # One read of the signatures, one of their petitions, then one claim for the
    # chunk (a read and an UPDATE, in a savepoint here) and one UPDATE marking
    # each email sent as it goes.
    with django_assert_num_queries(2 + 4 + 6):
        assert services.confirmations_pending_send() == 6
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@example.org" for n in range(6)]
    assert {m.subject for m in mail.outbox} == {
        f"Confirm your signature: {petition.title}",
        f"Confirm your signature: {other.title}",
    }


def test_a_batch_rendered_once_still_gives_each_signer_their_own_name_and_link(petition):
    names = ["Maria", "<b>Joy</b> & co", "فاطمة", "Ana {first_name}"]
    signatures = [
        SignatureFactory(petition=petition, first_name=name, email=f"s{n}@example.org")
        for n, name in enumerate(names)
    ]
    with mock.patch("home.emails.render_to_string", wraps=emails_render) as render:
        assert services.confirmations_pending_send() == 4
    assert render.call_count == 3, "subject, text and HTML rendered once for the batch"
    for signature, message in zip(
        signatures, sorted(mail.outbox, key=lambda m: m.to[0]), strict=True
    ):
        assert message.to == [signature.email]
        assert f"Hello {signature.first_name}," in message.body
        assert f"Hello {escape(signature.first_name)}," in html_of(message)
        token = unquote(CONFIRM_LINK.search(message.body).group(1).rpartition("=")[2])
        assert signing.loads(token, salt=CONFIRM_SALT) == signature.pk
        assert "merge" not in message.body and "merge" not in html_of(message)


def test_signing_with_no_task_run_at_all_is_stored(client, petition, sign_data):
    """Without running on_commit callbacks (nothing queued at all) the signature is kept."""
    response = client.post(sign_url(petition), sign_data(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 303
    assert Signature.objects.filter(confirmation_sent_at__isnull=True).count() == 1
    Signature.objects.update(created_at=ago(minutes=3))
    assert tasks.confirmations_sweep() == 1
    assert len(mail.outbox) == 1


def test_the_follower_holds_its_lock_for_as_long_as_it_works(petition, settings):
    """The lock's time ran from the kick; a follower that waited in a busy queue must
    not let it lapse, or a second follower starts beside it."""
    SignatureFactory.create_batch(3, petition=petition)
    cache.add(LOCK, 1, timeout=1)
    with mock.patch("home.queue.cache.touch", wraps=cache.touch) as touch:
        tasks.confirmations_follow()
    assert touch.call_args_list[0] == mock.call(LOCK, settings.FOLLOW["lock"])
    assert len(mail.outbox) == 3
    assert cache.get(LOCK) is None, "released at the end"
