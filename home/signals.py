import multiprocessing
import signal

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.module_loading import autodiscover_modules
from django_q.signals import post_spawn
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks
from .images import image_field_clean
from .memory import pages_generation_bump
from .models import SiteSettings
from .queue import followers_resume, stop_request


@receiver(page_published)
def queue_renditions(sender, instance, **kwargs):
    tasks.renditions_pregenerate.enqueue_on_commit(instance.pk)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver([post_save, post_delete], sender=PageViewRestriction)
@receiver([post_save, post_delete], sender=Site)
def forget_live_pages(**kwargs):
    """Pages, routes and menus kept by each process (home.memory) are read again."""
    pages_generation_bump()


@receiver([post_save, post_delete], sender=SiteSettings)
def pages_show_new_settings(created=False, **kwargs):
    """The organisation's name, tagline and contact are on every page. (Created
    by the first page view with its defaults, it changes nothing shown.)"""
    if not created:
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


def worker_stop(signum, frame):
    """A task worker was asked to stop: by Ctrl-C or SIGTERM to the process group,
    or by its sentinel's orderly stop (home/management/commands/qcluster.py).

    django-q2's sentinel waits for each worker's running task before it stops;
    a follower may run for FOLLOW["max"] seconds, so it is told to return after
    its current step (home/queue.py, invariant 7). The sentinel then sends the
    worker the word to stop, and it ends with its last result recorded.
    """
    stop_request()


@receiver(post_spawn)
def worker_stop_handlers(**kwargs):
    # Queued tasks run inline in tests (django-q2's sync mode calls its worker
    # loop in the calling process): only a worker the cluster forked is concerned.
    if multiprocessing.parent_process() is None:
        return
    signal.signal(signal.SIGINT, worker_stop)
    signal.signal(signal.SIGTERM, worker_stop)
