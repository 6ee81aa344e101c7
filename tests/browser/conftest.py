"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server, on the demo site as `make run` builds it.

Run with `make test-browser`. Playwright's own browser download does not work
here, so the session launches /usr/bin/chromium directly; pytest-playwright's
fixtures (`browser`, `page`, ...) are deliberately not used.
"""

import importlib
import io
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.core.cache import cache
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's auto-waiting assertions and actions give up after this long.
TIMEOUT_MS = 10_000
# URL schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="session", autouse=True)
def _allow_sync_orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread; without this,
    # Django refuses ORM calls from it. `make test-browser` sets it too.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _quiet_task_queue_logs():
    # django-q2 logs every inline task at INFO; the seed publishes a dozen pages.
    logger = logging.getLogger("django-q")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    # Imported here so that `make test` (-m "not browser") runs without the
    # browser extra installed.
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _migration(module):
    # Migration module names start with a digit, so `import` cannot name them.
    return importlib.import_module(module)


def _rebuild_initial_data():
    """Recreate what the data migrations made, which a transactional test's flush removed."""
    from wagtail.models import Collection, Locale, Page, Site

    from home.factories import HomePageFactory
    from users.services import staff_group_ensure

    # flush re-sends post_migrate, which recreates content types and permissions;
    # repeat it in case a run limits that (available_apps). Then the one
    # permission only a data migration makes.
    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    _migration(
        "wagtail_localize.migrations.0006_create_submit_translation_permission"
    ).create_submit_translation_permission(django_apps, None)

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    root = Page.add_root(instance=Page(title="Root", slug="root", locale=default_locale))
    home = HomePageFactory(parent=root, slug="home", locale=default_locale)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Mobilise"
    )
    Collection.add_root(name="Root")
    _migration("campaigns.migrations.0002_conventions").create_conventions(django_apps, None)
    _migration("supporters.migrations.0003_default_topics").create_topics(django_apps, None)
    _migration("supporters.migrations.0010_default_topics_in_every_language").translate_topics(
        django_apps, None
    )
    staff_group_ensure()


# The seeded demo database, copied once per session (SQLite's backup API) and
# copied back for each test: seeding eleven languages took ten seconds a test.
_SEEDED = {}


def _seeded_copy_restore():
    """Put the seeded database back, if a copy was kept; True when it was."""
    from django.db import connection

    snapshot = _SEEDED.get("db")
    if snapshot is None:
        return False
    connection.ensure_connection()
    snapshot.backup(connection.connection)
    return True


def _seeded_copy_keep():
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return  # another database is seeded again for each test
    connection.ensure_connection()
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    _SEEDED["db"] = snapshot


@pytest.fixture
def demo_site(live_server, transactional_db, settings, tmp_path):
    """The demo site `make run` shows, served by the live server.

    Every test starts from the same state: an empty database (the first test
    of a session would otherwise also see Wagtail's own initial data, such as
    its default moderation workflow), then what our data migrations make, then
    `seed_demo` (seeded once, then copied back for each test). Returns the live
    server's base URL (http://localhost:<port>).
    """
    from wagtail.models import Site

    # The cache outlives the database: rate-limit counters and cached lookups
    # (affiliates, anti-abuse settings) must start empty too.
    cache.clear()
    # seed_demo keeps the demo admin's password under VAR_DIR: keep the
    # developer's own var/demo-admin.txt out of reach.
    settings.VAR_DIR = tmp_path
    # seed_demo points the default Site at BASE_URL, from which full URLs (share
    # links, canonical) are built: make it the server the browser talks to.
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    # As served: anonymous visitors get public pages from the page cache.
    settings.PAGE_CACHE_SECONDS = 8
    if not _seeded_copy_restore():
        call_command("flush", interactive=False, verbosity=0)
        _rebuild_initial_data()
        # django-q2 runs in sync mode under the test settings: the renditions task
        # queued on each publish runs inline once the seed's transaction commits.
        call_command("seed_demo", stdout=io.StringIO())
        _seeded_copy_keep()
    base = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == (base.hostname, base.port), (
        "seed_demo no longer points the default Site at BASE_URL"
    )
    return live_server.url


@dataclass
class Watch:
    """What one browser page did: every request, console error and script error."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page):
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_request(self, request):
        self.requests.append(request.url)

    def _on_console(self, message):
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} @ {location}")

    @property
    def allowed_netlocs(self):
        port = urlsplit(self.base_url).port
        return {f"{host}:{port}" for host in ("localhost", "127.0.0.1", "[::1]")}

    def foreign_requests(self):
        """Requests to any host but the live server's, blocked or not."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if parts.scheme not in ("http", "https") or parts.netloc not in self.allowed_netlocs:
                foreign.append(url)
        return foreign

    def csp_violations(self):
        return [
            text
            for text in self.console_errors
            if "Content Security Policy" in text or text.startswith("Refused to")
        ]

    def assert_public_page_clean(self):
        foreign = self.foreign_requests()
        assert not foreign, f"requests to other hosts: {foreign}"
        assert not self.page_errors, f"uncaught script errors: {self.page_errors}"
        # CSP violations and failed loads (404s) are logged as console errors.
        assert not self.console_errors, f"console errors: {self.console_errors}"

    def assert_admin_page_clean(self):
        foreign = self.foreign_requests()
        assert not foreign, f"requests to other hosts: {foreign}"
        violations = self.csp_violations()
        assert not violations, f"Content Security Policy violations: {violations}"


def _new_page(chromium, base_url, **context_args):
    context = chromium.new_context(base_url=base_url, locale="en-GB", **context_args)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watch(base_url=base_url)
    watch.attach(page)
    return context, page, watch


@pytest.fixture
def page_watch():
    """The Watch of each page fixture the test uses, by name ("public", "no_js",
    "admin"): for assertions in the middle of a test."""
    return {}


def watched_page(chromium, base_url, page_watch, name, check, **context_args):
    """A page, kept in page_watch[name], and after the test `check(watch)`
    (a Watch method); for the page fixtures below and their variants."""
    context, page, watch = _new_page(chromium, base_url, **context_args)
    page_watch[name] = watch
    yield page
    try:
        check(watch)
    finally:
        context.close()


@pytest.fixture
def browser_page(chromium, demo_site, page_watch):
    """A page for the public site. After the test, fails if the page asked
    another host for anything, logged a console error (CSP violations and
    failed loads show there) or threw an uncaught script error. Share links
    are never followed: they go to other sites."""
    yield from watched_page(
        chromium, demo_site, page_watch, "public", Watch.assert_public_page_clean
    )


@pytest.fixture
def no_js_page(chromium, demo_site, page_watch):
    """A page for the public site with JavaScript turned off; checked like browser_page."""
    yield from watched_page(
        chromium,
        demo_site,
        page_watch,
        "no_js",
        Watch.assert_public_page_clean,
        java_script_enabled=False,
    )


@pytest.fixture
def admin_page(chromium, demo_site, page_watch):
    """A page for the Wagtail admin. The admin's own script errors are tolerated;
    a Content Security Policy violation (other than the known one above) or a
    request that reached another host fails the test."""
    yield from watched_page(chromium, demo_site, page_watch, "admin", Watch.assert_admin_page_clean)


def demo_translation(model, slug, language):
    """The demo page `slug` in `language`, published. The demo translates some
    pages only into some languages: a missing one is made here as Wagtail makes
    a translation (a copy in the locale, its parents first, still in English),
    so that the page is seen with that language's site around it."""
    from wagtail.models import Locale

    source = model.objects.get(slug=slug, locale__language_code="en")
    return _translated(source, Locale.objects.get(language_code=language)).specific


def _translated(source, locale):
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing
    _translated(source.get_parent().specific, locale)
    copy = source.specific.copy_for_translation(locale)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@contextmanager
def bad_request_expected(page, watch):
    """Send a form inside this block that must come back as a 400 (the form shown
    again with its errors). Chromium logs a "failed to load" console error for
    any 4xx page; that one line is the point here, not a fault, so it is dropped."""
    with (
        page.expect_console_message(lambda m: "status of 400" in m.text) as logged,
        page.expect_response(lambda r: r.request.method == "POST") as posted,
    ):
        yield
    assert posted.value.status == 400
    lines = [line for line in watch.console_errors if line.startswith(logged.value.text)]
    assert len(lines) == 1, watch.console_errors
    watch.console_errors.remove(lines[0])
