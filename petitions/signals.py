from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import PetitionAbuseSettings
from .selectors import pages_generation_bump
from .services import ABUSE_CACHE_KEY


@receiver(post_save, sender=PetitionAbuseSettings)
def forget_abuse_settings(**kwargs):
    cache.delete(ABUSE_CACHE_KEY)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver([post_save, post_delete], sender=PageViewRestriction)
def forget_live_petitions(**kwargs):
    pages_generation_bump()
