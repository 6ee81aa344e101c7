"""Signals supporters sends, and its own receivers.

The action apps (petitions, events, …) connect to personal_data_collect and
personal_data_erase, so that supporters can answer "what do you hold about me?"
and "erase me" without importing them.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver

from home.memory import pages_generation_bump

from .models import Affiliate, Supporter
from .selectors import AFFILIATE_LOOKUP_KEY

# Sent after a supporter unsubscribed (sender=Supporter, supporter_id, mailing_id
# or None), so that mailings can count unsubscribes per mailing.
supporter_unsubscribed = Signal()

# Sent with supporter and email_canonical; each receiver returns
# {"section title": [row, …]}, a row being a dict of {label: value}.
personal_data_collect = Signal()

# Sent whenever a supporter is deleted (erasure, or Delete in the admin), inside
# that transaction, with supporter and email_canonical; receivers anonymise
# their own rows.
personal_data_erase = Signal()


@receiver(pre_delete, sender=Supporter)
def erase_personal_data(sender, instance, **kwargs):
    personal_data_erase.send(
        sender=Supporter, supporter=instance, email_canonical=instance.email_canonical
    )


@receiver([post_save, post_delete], sender=Affiliate)
def forget_affiliate_lookup(**kwargs):
    cache.delete(AFFILIATE_LOOKUP_KEY)
    # Affiliates are named on pages: those kept by the page cache are drawn again.
    pages_generation_bump()
