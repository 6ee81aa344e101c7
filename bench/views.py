"""What the page benchmarks (bench/events.py, bench/walls.py) share: a fresh
embedded site in one process, and the queries and server CPU of a view."""

import os
import statistics
import time


def setup(var_dir):
    """Django on a fresh SQLite database in var_dir, DEBUG off, mail discarded."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["MOBILISE_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    # The demo's confirmation and other emails are not what is measured.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


def measure(client, url, requests):
    """(queries of one request, median server CPU ms per request) after three warm-ups."""
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    captured = queries_of(client, url)
    times = []
    for _ in range(requests):
        begin = time.process_time()
        client.get(url)
        times.append(time.process_time() - begin)
    return len(captured), statistics.median(times) * 1000


def queries_of(client, url):
    """The SQL of one request."""
    from django.db import connection

    captured = []

    def counted(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        client.get(url)
    return captured


def after_change(client, url, change, repeats=5):
    """Median CPU ms of the first view after `change()` (what is kept is drawn again)."""
    times = []
    for _ in range(repeats):
        change()
        begin = time.process_time()
        client.get(url)
        times.append(time.process_time() - begin)
    return statistics.median(times) * 1000
