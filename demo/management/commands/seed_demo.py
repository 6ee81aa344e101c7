"""Build the demo site: idempotent, from factories and a fixed seed.

Each app keeps its demo data and the code that creates it in its own demo.py;
this command calls them in the order the pages hang together, then makes the
demo admin account.
"""

import contextlib
import logging
import os
import secrets
from pathlib import Path

import factory.random
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns import demo as campaigns_demo
from events import demo as events_demo
from home import demo as home_demo
from mailings import demo as mailings_demo
from petitions import demo as petitions_demo
from solidarity import demo as solidarity_demo
from supporters import demo as supporters_demo

DEMO_ADMIN_EMAIL = "admin@example.org"
# Each page saved logs a line, and each of Wagtail's background tasks (run
# inline by the tasks framework) two: some 600 lines that pushed the demo
# admin account off the screen. --verbosity 2 shows them.
CHATTY_LOGGERS = ("django_tasks", "django.tasks", "wagtail")


@contextlib.contextmanager
def quiet(names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create the demo campaigns, targets, tracker data and a demo admin account."

    def handle(self, *args, verbosity=1, **options):
        factory.random.reseed_random(2026)
        with quiet(CHATTY_LOGGERS if verbosity < 2 else ()), transaction.atomic():
            home = home_demo.seed()
            campaigns = campaigns_demo.seed(home=home.page)
            petition = petitions_demo.seed(
                campaign=campaigns.campaigns["ratify-c189"], targets=campaigns.targets
            )
            supporters_demo.seed(page=petition.page)
            events_demo.seed(campaign=campaigns.campaigns["international-migrants-day-2026"])
            solidarity_demo.seed(campaign=campaigns.campaigns["un-migrant-workers-convention"])
            mailings_demo.seed(
                petition=petition.page,
                campaign=campaigns.campaigns["international-migrants-day-2026"],
            )
        if not campaigns.ratifications.ok:
            self.stderr.write(f"Demo ratifications not imported: {campaigns.ratifications.errors}")
        password = self.admin_password()
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(
            f"Demo admin (demo only): {DEMO_ADMIN_EMAIL} / {password} at {settings.BASE_URL}/admin/"
        )

    def admin_password(self):
        """The demo admin's password, made once and kept under var/ so reruns can show it."""
        User = get_user_model()
        password_file = Path(settings.VAR_DIR) / "demo-admin.txt"
        user = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
        if user and password_file.exists():
            return password_file.read_text().strip()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(email=DEMO_ADMIN_EMAIL, password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        os.chmod(password_file, 0o600)
        return password
