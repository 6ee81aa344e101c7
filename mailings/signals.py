from anymail.signals import tracking
from django.dispatch import receiver

from supporters.signals import supporter_unsubscribed

from . import services


@receiver(tracking)
def provider_event(sender, event, esp_name, **kwargs):
    services.tracking_event_record(event=event, esp_name=esp_name)


@receiver(supporter_unsubscribed)
def count_unsubscribe(sender, supporter_id, mailing_id=None, **kwargs):
    services.delivery_unsubscribed(supporter_id=supporter_id, mailing_id=mailing_id)
