import email
import email.policy
import threading

import pytest
from django.conf import settings
from django.db import connection


def inline_formset(prefix, forms):
    """POST data for a Wagtail InlinePanel formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(forms)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(forms):
        for key, value in form.items():
            data[f"{prefix}-{index}-{key}"] = value
        data.setdefault(f"{prefix}-{index}-ORDER", str(index + 1))
    return data


def signature_details(email="maria.santos@example.org", **fields):
    """What a signer gives on the petition form, named as Signature's fields."""
    return {
        "email": email,
        "first_name": "Maria",
        "last_name": "",
        "country": "PH",
        "display": "anonymous",
        "opt_in": False,
        "language": "en",
        **fields,
    }


def our_apps():
    """The project's own Django apps (top-level folders of the project), not installed ones."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    return [app for app in apps.get_app_configs() if Path(app.path).resolve().parent == base]


def mail_files(folder):
    """The development mailer's .eml files in folder, parsed, oldest first."""
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.iterdir())
    ]


def mail_text(message):
    """A parsed email's plain-text part."""
    return message.get_body(preferencelist=("plain",)).get_content()


THREADS = 8
# Races need several connections each committing for real: PostgreSQL, transactional.
RACE_MARKS = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://...)"
    ),
    pytest.mark.django_db(transaction=True),
]
# Seconds: a deadlock fails the test instead of hanging the run.
TIMEOUT = 30


def run_at_once(work, n=THREADS, prepare=None):
    """Run work(i, prepared) in n threads released together; returns the results in order.

    prepare(i) runs in the thread before the barrier (load rows, open the connection),
    so that only `work` races.
    """
    barrier = threading.Barrier(n, timeout=TIMEOUT)
    results = [None] * n
    errors = []

    def thread(i):
        try:
            prepared = prepare(i) if prepare else None
            connection.ensure_connection()
            barrier.wait()
            results[i] = work(i, prepared)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    if errors:
        raise errors[0]
    return results


def race_site():
    """The default site of a transactional test (races need real commits).

    A transactional test empties the database when it ends, taking with it what the
    data migrations made (locales, the page tree's root, the default site): the
    first such test still finds them, the next ones rebuild them.
    """
    from wagtail.models import Locale, Page, Site

    from home.factories import HomePageFactory

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        home = HomePageFactory(parent=root, slug="home", locale=locale)
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Mobilise",
        )
    return site
