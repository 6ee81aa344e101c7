from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Affiliate
from .selectors import AFFILIATE_LOOKUP_KEY


@receiver([post_save, post_delete], sender=Affiliate)
def forget_affiliate_lookup(**kwargs):
    cache.delete(AFFILIATE_LOOKUP_KEY)
