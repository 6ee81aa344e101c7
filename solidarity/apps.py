from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolidarityConfig(AppConfig):
    name = "solidarity"
    verbose_name = _("Solidarity walls")
