"""django-q2 tasks for petitions: thin, idempotent, and given primary keys."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from supporters.services import activities_forget

from . import emails, services
from .models import PetitionPage, Signature

CONFIRMATION_BATCH = 200
CLAIM_CHUNK = 50
CLAIM_FIELDS = {"confirmation": "confirmation_sent_at", "reminder": "reminder_sent_at"}


def _awaiting_email():
    return Signature.objects.filter(
        confirmed_at__isnull=True, flagged=False, invalidated_at__isnull=True
    )


def confirmation_send(signature_id):
    """Send the confirmation email once; a failure leaves it for the sweep to retry.

    Signing no longer queues this task (confirmations_follow sends in batches);
    it stays for tasks an earlier version queued.
    """
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    return signature is not None and _claimed_send([signature], "confirmation") == 1


def _claimed_send(signatures, name):
    """Send `name` to each signature this task manages to claim; returns how many went out.

    Claims (an UPDATE of the email's *_sent_at) come before sending, so two
    tasks never send one email twice. They are taken CLAIM_CHUNK at a time: one
    write per chunk rather than per email, and a worker killed mid-chunk leaves
    at most a chunk of signers to the reminder. A failed send releases its
    claim and those after it, for the next run. The email is rendered once per
    petition and language, and all go through one connection to the provider.
    """
    field = CLAIM_FIELDS[name]
    signer_emails = emails.SignerEmails(name)
    sent = 0
    with mailers.default as connection:
        for start in range(0, len(signatures), CLAIM_CHUNK):
            chunk = signatures[start : start + CLAIM_CHUNK]
            claimed = _claim([signature.pk for signature in chunk], field)
            mine = [signature for signature in chunk if signature.pk in claimed]
            for n, signature in enumerate(mine):
                try:
                    connection.send_messages([signer_emails.message(signature)])
                except Exception:
                    unsent = [s.pk for s in mine[n:]]
                    Signature.objects.filter(pk__in=unsent).update(**{field: None})
                    raise
                sent += 1
    return sent


def _claim(ids, field):
    """Of these signatures, those whose email `field` this task now holds."""
    with transaction.atomic():
        # SQLite: BEGIN IMMEDIATE already holds the write lock. PostgreSQL: rows
        # another task is claiming are skipped, not waited for.
        claimable = list(
            _awaiting_email()
            .filter(pk__in=ids, **{f"{field}__isnull": True})
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Signature.objects.filter(pk__in=claimable).update(**{field: timezone.now()})
    return set(claimable)


def duplicate_notify(signature_id):
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None or signature.flagged or signature.invalidated_at:
        return False
    emails.already_signed_send(signature)
    return True


def confirmations_pending_send(*, older_than=None, limit=None):
    """Send the confirmations not sent yet, oldest first; returns how many went out.

    Each is claimed before it is sent, so the follower and the sweep never send
    one twice.
    """
    pending = _awaiting_email().filter(
        confirmation_sent_at__isnull=True, petition__require_confirmation=True
    )
    if older_than is not None:
        pending = pending.filter(created_at__lt=timezone.now() - older_than)
    return _claimed_send(
        _with_petitions(pending.order_by("pk")[: limit or CONFIRMATION_BATCH]), "confirmation"
    )


def _with_petitions(signatures):
    """The signatures, each with its petition: a batch shares a few, each loaded once."""
    signatures = list(signatures)
    petitions = PetitionPage.objects.in_bulk({signature.petition_id for signature in signatures})
    for signature in signatures:
        signature.petition = petitions[signature.petition_id]
    return signatures


def confirmations_follow():
    """Send confirmation emails a second or two after people sign, while they keep signing."""
    _follow(
        services.CONFIRMATIONS_LOCK,
        confirmations_pending_send,
        services.confirmations_kick,
        CONFIRMATION_BATCH,
    )


def confirmations_sweep():
    """Send confirmations the follower missed (a worker died, a broker lost its task)."""
    return confirmations_pending_send(older_than=timedelta(minutes=2), limit=500)


def reminders_send():
    """Remind, once, those who have not confirmed a day after signing."""
    cutoff = timezone.now() - timedelta(seconds=settings.PETITION_REMINDER_AFTER)
    due = _awaiting_email().filter(
        ~Q(confirmation_sent_at=None), reminder_sent_at__isnull=True, created_at__lt=cutoff
    )
    return _claimed_send(_with_petitions(due.order_by("pk")[:1000]), "reminder")


def signature_record_supporter(signature_id):
    signature = Signature.objects.select_related("petition", "affiliate").get(pk=signature_id)
    if signature.confirmed_at and not signature.flagged:
        services.signature_record_supporter(signature=signature)


def _follow(lock, step, kick, full):
    """Run step() while it finds work, and every `pause` seconds until `idle` quiet ones.

    The caller's kick took the lock and queued this task; while the lock is
    held, later kicks queue nothing. A step that handled a full batch is
    repeated at once, so a backlog is worked through without pauses; otherwise
    the pause lets the next batch gather: a step's queries cost the same for
    one row as for hundreds.
    """
    follow = settings.PETITION_FOLLOW
    started = idle_since = time.monotonic()
    while time.monotonic() - started < follow["max"]:
        # The lock's time ran from the kick, and the task may have waited in a
        # busy queue: held on while working, it cannot lapse and let a second
        # follower start, which would take a worker only to sleep beside this one.
        cache.touch(lock, services.FOLLOW_LOCK_SECONDS)
        done = step()
        if done:
            idle_since = time.monotonic()
            if done >= full:
                continue
        elif time.monotonic() - idle_since > follow["idle"]:
            break
        time.sleep(follow["pause"])
    # Release first, then step once more: a kick that found the lock taken
    # came after its transaction committed, so this last step sees its work.
    # A full batch means more may be waiting: a new task takes it over.
    cache.delete(lock)
    if step() >= full:
        kick()


def tallies_follow():
    """Keep the public counts a few seconds behind while confirmations arrive."""
    _follow(services.TALLY_LOCK, services.tallies_update, services.tally_kick, services.TALLY_BATCH)


def tallies_update():
    return services.tallies_update()


def tallies_recount():
    return services.tallies_recount()


def signatures_retention_sweep(*, batch=2000):
    """Erase signers' details RETENTION_AFTER_CLOSE days after a petition closed.

    A petition counts as closed from closed_at, or from its deadline if that
    passed earlier. The signatures keep counting, anonymously; who acted on the
    page is forgotten too. Idempotent: anonymised signatures are skipped.
    Returns how many signatures were anonymised.
    """
    cutoff = timezone.now() - timedelta(days=settings.RETENTION_AFTER_CLOSE)
    page_ids = list(
        PetitionPage.objects.filter(Q(closed_at__lt=cutoff) | Q(deadline__lt=cutoff)).values_list(
            "pk", flat=True
        )
    )
    if not page_ids:
        return 0
    pending = Signature.objects.filter(petition_id__in=page_ids, anonymised_at__isnull=True)
    total = 0
    # In batches, so that no one transaction holds the write lock for long.
    while ids := list(pending.order_by("pk").values_list("pk", flat=True)[:batch]):
        total += services.signatures_anonymise(queryset=Signature.objects.filter(pk__in=ids))
    activities_forget(page_ids=page_ids)
    return total
