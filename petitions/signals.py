from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import PetitionAbuseSettings
from .services import ABUSE_CACHE_KEY


@receiver(post_save, sender=PetitionAbuseSettings)
def forget_abuse_settings(**kwargs):
    cache.delete(ABUSE_CACHE_KEY)
