"""django-q2 tasks for mailings: thin, idempotent, and given primary keys."""

import logging
import time

from anymail.exceptions import AnymailError
from django.conf import settings
from django_q.tasks import async_task

from . import services

logger = logging.getLogger(__name__)


def enqueue(name, *args):
    async_task(f"mailings.tasks.{name}", *args, group="mailings")


def mailing_fan_out(mailing_id):
    return services.mailing_fan_out(mailing_id=mailing_id)


def mailing_send_batch(mailing_id, failures=0):
    """Send one batch, then queue the next: a chain that ends when nothing is left.

    When the provider fails (an error, 429, a timeout) the chain waits longer each
    time and, after a few failures in a row, stops; the sweep starts it again later.
    """
    try:
        sent = services.mailing_send_batch(mailing_id=mailing_id)
    except (AnymailError, OSError) as error:
        failures += 1
        if failures > settings.MAILING_MAX_FAILURES:
            logger.error("mailing %s: provider failing, left for the sweep: %s", mailing_id, error)
            return None
        time.sleep(
            min(settings.MAILING_RETRY_PAUSE**failures, 30) if settings.MAILING_RETRY_PAUSE else 0
        )
        async_task("mailings.tasks.mailing_send_batch", mailing_id, failures, group="mailings")
        return None
    if sent is not None:
        async_task("mailings.tasks.mailing_send_batch", mailing_id, 0, group="mailings")
    return sent


def mailings_start_due():
    services.mailings_start_due()


def mailings_sweep():
    return services.mailings_sweep()


def mailing_test_send(mailing_id, email, language):
    """A test copy to a member of staff, merged with a sample supporter."""
    from .emails import test_message_send

    test_message_send(mailing_id=mailing_id, email=email, language=language)
