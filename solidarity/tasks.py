from home.queue import task

from . import emails, services
from .models import Message


def _message(pk):
    return Message.objects.select_related("wall", "affiliate").filter(pk=pk).first()


@task
def confirmations_follow(slot=0):
    """Send confirmation links a moment after people post, while they keep posting."""
    services.CONFIRMATIONS.follow(slot=slot)


@task
def confirmations_sweep():
    """Send links a follower missed (run every minute and when a worker starts)."""
    return services.confirmations_sweep()


@task
def message_record_supporter(message_id):
    message = _message(message_id)
    if message is not None and message.confirmed_at is not None:
        services.message_record_supporter(message=message)


@task
def figures_refresh(action_key):
    services.figures_refresh(action_key=action_key)


@task
def digest_send():
    """Run daily by the schedule (migration solidarity 0002)."""
    return services.digest_send(send=emails.digest_send)
