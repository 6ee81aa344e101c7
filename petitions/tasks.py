"""django-q2 tasks for petitions: thin, idempotent, and given primary keys.

Each calls a service; services queue them only after their transaction
commits (home/queue.py). Two followers (declared in services.py) keep up with
a burst of signatures: CONFIRMATIONS sends the confirmation emails, TALLIES
counts confirmations. The schedules (migrations 0002 and 0004) run the
sweeps behind them.
"""

from home.queue import task

from . import emails, services
from .models import Signature


@task
def confirmations_follow(slot=0):
    """Send confirmation emails a second or two after people sign, while they keep signing."""
    services.CONFIRMATIONS.follow(slot=slot)


@task
def tallies_follow(slot=0):
    """Keep the public counts a few seconds behind while confirmations arrive."""
    services.TALLIES.follow(slot=slot)


@task
def confirmations_sweep():
    """Send confirmations a follower missed (a worker died, a broker lost its task)."""
    return services.confirmations_sweep()


@task
def reminders_send():
    return services.reminders_send()


@task
def signature_record_supporter(signature_id):
    signature = Signature.objects.select_related("petition", "affiliate").filter(pk=signature_id)
    signature = signature.first()
    if signature is not None:
        services.signature_record_supporter(signature=signature)


@task
def duplicate_notify(signature_id):
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None or signature.flagged or signature.invalidated_at:
        return False
    emails.already_signed_send(signature)
    return True


@task
def tallies_update():
    return services.tallies_update()


@task
def tallies_recount(action_keys=None):
    return services.tallies_recount(action_keys=action_keys)


@task
def signatures_retention_sweep():
    """Daily: erase signers' details after a petition closed; delete stale held-back signatures."""
    return {
        "anonymised": services.signatures_retention_sweep(),
        "flagged_deleted": services.signatures_flagged_delete(),
    }
