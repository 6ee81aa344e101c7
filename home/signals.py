from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.module_loading import autodiscover_modules
from django_q.signals import post_spawn
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks
from .images import image_field_clean
from .memory import pages_generation_bump
from .queue import followers_resume


@receiver(page_published)
def queue_renditions(sender, instance, **kwargs):
    tasks.renditions_pregenerate.enqueue_on_commit(instance.pk)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver([post_save, post_delete], sender=PageViewRestriction)
def forget_live_pages(**kwargs):
    """Pages kept by each process (home.memory.LIVE_PAGES) are loaded again."""
    pages_generation_bump()


@receiver(post_spawn)
def resume_followers(**kwargs):
    """A task worker started (or restarted after a crash): sweep what may be waiting."""
    autodiscover_modules("tasks")  # the apps' followers are declared as they are imported
    followers_resume()


@receiver(pre_save, sender=get_image_model())
def clean_new_image_file(sender, instance, **kwargs):
    """A new or replaced file is stored without its metadata (home/images.py), whoever saves it."""
    if instance.file and not getattr(instance.file, "_committed", True):
        image_field_clean(instance)
