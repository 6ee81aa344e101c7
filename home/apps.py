from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_locales(sender, using="default", **kwargs):
    """A Locale for every content language, so that a language added to the
    settings can take translations after the next `migrate`."""
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.using(using).get_or_create(language_code=code)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from . import signals  # noqa: F401

        post_migrate.connect(ensure_locales, sender=self, dispatch_uid="home.locales")
