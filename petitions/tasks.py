"""django-q2 tasks for petitions: thin, idempotent, and given primary keys."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from supporters.services import activities_forget

from . import emails, services
from .models import PetitionPage, Signature


def _awaiting_email():
    return Signature.objects.filter(
        confirmed_at__isnull=True, flagged=False, invalidated_at__isnull=True
    )


def confirmation_send(signature_id):
    """Send the confirmation email once; a failure leaves it for the sweep to retry."""
    claimed = (
        _awaiting_email()
        .filter(pk=signature_id, confirmation_sent_at__isnull=True)
        .update(confirmation_sent_at=timezone.now())
    )
    if not claimed:
        return False
    signature = Signature.objects.select_related("petition").get(pk=signature_id)
    try:
        emails.confirmation_send(signature)
    except Exception:
        Signature.objects.filter(pk=signature_id).update(confirmation_sent_at=None)
        raise
    return True


def duplicate_notify(signature_id):
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None or signature.flagged or signature.invalidated_at:
        return False
    emails.already_signed_send(signature)
    return True


def confirmations_sweep():
    """Send confirmations whose task was lost (a worker died, a broker lost it)."""
    cutoff = timezone.now() - timedelta(minutes=2)
    ids = list(
        _awaiting_email()
        .filter(
            confirmation_sent_at__isnull=True,
            created_at__lt=cutoff,
            petition__require_confirmation=True,
        )
        .values_list("pk", flat=True)[:500]
    )
    return sum(bool(confirmation_send(pk)) for pk in ids)


def reminders_send():
    """Remind, once, those who have not confirmed a day after signing."""
    cutoff = timezone.now() - timedelta(seconds=settings.PETITION_REMINDER_AFTER)
    sent = 0
    for pk in (
        _awaiting_email()
        .filter(~Q(confirmation_sent_at=None), reminder_sent_at__isnull=True, created_at__lt=cutoff)
        .values_list("pk", flat=True)[:1000]
    ):
        claimed = Signature.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            emails.reminder_send(Signature.objects.select_related("petition").get(pk=pk))
        except Exception:
            # Unclaim, so that the next run tries again.
            Signature.objects.filter(pk=pk).update(reminder_sent_at=None)
            raise
        sent += 1
    return sent


def signature_record_supporter(signature_id):
    signature = Signature.objects.select_related("petition", "affiliate").get(pk=signature_id)
    if signature.confirmed_at and not signature.flagged:
        services.signature_record_supporter(signature=signature)


def tallies_follow():
    """Keep the public counts a few seconds behind while confirmations arrive."""
    follow = settings.PETITION_COUNT_FOLLOW
    started = idle_since = time.monotonic()
    while time.monotonic() - started < follow["max"]:
        if services.tallies_update():
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > follow["idle"]:
            break
        time.sleep(follow["pause"])
    # Release first, then count once more: a confirmation that found the lock
    # taken committed before this last batch reads.
    cache.delete(services.TALLY_LOCK)
    services.tallies_update()


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
