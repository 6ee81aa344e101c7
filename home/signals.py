from django.db import transaction
from django.dispatch import receiver
from django_q.tasks import async_task
from wagtail.signals import page_published


@receiver(page_published)
def queue_renditions(sender, instance, **kwargs):
    transaction.on_commit(lambda: async_task("home.tasks.renditions_pregenerate", instance.pk))
