"""Targets, conventions and ratifications are shown on public pages: an edit
draws the pages kept by the page cache again (home/pagecache.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from home.memory import pages_generation_bump

from .models import Convention, Ratification, Target


@receiver([post_save, post_delete], sender=Target)
@receiver([post_save, post_delete], sender=Convention)
@receiver([post_save, post_delete], sender=Ratification)
def pages_show_a_change(**kwargs):
    pages_generation_bump()
