"""The provider's tracking webhook, at /anymail/<provider>/tracking/ (mailings/webhooks.py)."""

from django.urls import path

from .webhooks import tracking_webhook

app_name = "anymail"

urlpatterns = [
    path("<str:provider>/tracking/", tracking_webhook, name="tracking_webhook"),
]
