from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import tasks
from .models import EventAction


@receiver(post_save, sender=EventAction)
@receiver(post_delete, sender=EventAction)
def figures_recount(sender, instance, **kwargs):
    """An action saved anywhere (the organiser's link, the admin): the day's
    figures, map and cached list are counted again, once the change is committed."""
    tasks.figures_refresh.enqueue_on_commit(str(instance.action_key))
