import multiprocessing
import os
import signal

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.module_loading import autodiscover_modules
from django_q.signals import post_execute_in_worker, post_spawn
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks
from .images import image_field_clean
from .memory import pages_generation_bump
from .queue import followers_resume, following, stop_request


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


# Set when this worker was told to terminate while a follower ran: it ends once
# the follower has let go (see worker_stop).
_terminate = {"requested": False}


def _terminate_now():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def worker_stop(signum, frame):
    """A task worker was asked to stop (Ctrl-C reaches the whole process group, or SIGTERM).

    django-q2's sentinel waits for each worker's running task before it stops;
    a follower may run for FOLLOW["max"] seconds, so it is told to return after
    its current step (home/queue.py, invariant 7). On SIGTERM the worker then
    ends as it did before, without a follower's lock left to lapse: its
    sentinel may have ended on the same signal and would never send it the
    word to stop. On SIGINT the sentinel, which ignores it, sends that word.
    """
    stop_request()
    if signum == signal.SIGTERM:
        if not following():
            _terminate_now()
        _terminate["requested"] = True


@receiver(post_spawn)
def worker_stop_handlers(**kwargs):
    # Queued tasks run inline in tests (django-q2's sync mode calls its worker
    # loop in the calling process): only a worker the cluster forked is concerned.
    if multiprocessing.parent_process() is None:
        return
    signal.signal(signal.SIGINT, worker_stop)
    signal.signal(signal.SIGTERM, worker_stop)


@receiver(post_execute_in_worker)
def worker_terminate_after_follower(**kwargs):
    if _terminate["requested"]:
        _terminate_now()
