"""django-q2 tasks for mailings: thin, idempotent, and given primary keys."""

from home.queue import task

from . import services
from .emails import test_message_send


@task(group="mailings")
def mailing_fan_out(mailing_id):
    return services.mailing_fan_out(mailing_id=mailing_id)


@task(group="mailings")
def mailing_follow(mailing_id, slot=0):
    """Send batch after batch of a mailing until none is left (services.SENDING).

    When the provider fails (an error, 429, a timeout) it waits longer each
    time and, after a few failures in a row, stops; the sweep starts it again.
    """
    services.SENDING.follow(mailing_id, slot=slot)


@task
def mailings_start_due():
    services.mailings_start_due()


@task
def mailings_sweep():
    return services.mailings_sweep()


@task
def mailing_test_send(mailing_id, email, language):
    """A test copy to a member of staff, merged with a sample supporter."""
    test_message_send(mailing_id=mailing_id, email=email, language=language)
