"""The bare baseline for bench/sign.py: one Django view doing one INSERT, then a 303.

A WSGI app of its own (no middleware, no templates, no Wagtail) on the same
database as the real site, with the same connection settings (DATABASE_URL read
by config/settings/base.py: on SQLite WAL, synchronous=NORMAL, BEGIN IMMEDIATE,
a new connection per request; on PostgreSQL persistent connections). The table
`bench_bare` is created by bench/sign.py with raw SQL.

Serve with: gunicorn bench.bare:application
"""

import os

from django.conf import settings

if not settings.configured:
    from config.settings.base import DATABASES

    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-bare"),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        DATABASES=DATABASES,
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        USE_TZ=True,
        USE_I18N=False,
    )

import django

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402


def bare(request):
    if request.method != "POST":
        return HttpResponse("POST an email", status=405)
    email = request.POST.get("email", "")
    # transaction.atomic() like the signing path: BEGIN IMMEDIATE on SQLite.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_bare (email, created) VALUES (%s, %s)", [email, timezone.now()]
        )
    response = HttpResponseRedirect("/bare/done/")
    response.status_code = 303
    return response


def ready(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare), path("", ready)]
application = get_wsgi_application()
