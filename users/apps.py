from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_staff_group(sender, app_config=None, using="default", **kwargs):
    # Permissions are created by auth's own post_migrate handler, app by app;
    # create them all first so this runs whatever the order of apps.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)

    from .services import staff_group_ensure, supporter_data_group_ensure

    staff_group_ensure()
    supporter_data_group_ensure()


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Staff accounts")

    def ready(self):
        post_migrate.connect(ensure_staff_group, sender=self, dispatch_uid="users.staff_group")
