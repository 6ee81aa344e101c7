"""Settings shared by every environment.

Every environment variable the project reads is read in this package, so the
README's table and `.env.example` can be checked against one place.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.countries import country_names_override
from config.stylesheet import stylesheet_csp_source

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MOBILISE_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "users",
    "home",
    "campaigns",
    "petitions",
    "events",
    "solidarity",
    "supporters",
    "mailings",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django_q",
    "anymail",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, which serves static files compressed beforehand.
    "home.middleware.TextGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "home.middleware.AdminContentSecurityPolicyMiddleware",
    "home.middleware.PermissionsPolicyMiddleware",
    # Before the session, CSRF and authentication: a page from the cache skips them.
    "home.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "users.middleware.TwoStepMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.middleware.TooManyRequestsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Paths outside the language prefixes (config/urls.py): never redirected to /en/.
UNPREFIXED_PATHS = (
    "/admin/",
    "/documents/",
    "/anymail/",
    "/static/",
    "/media/",
    "/language/",
)
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "users.User"
# Failed staff logins are counted per account and address (django-axes); past
# the limit that pair is locked out for a while. The address axes stores is a
# salted hash written as an IPv6 address (home.visitors.ip_pseudonym), never
# the address itself; successful logins are not logged.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Wagtail's login form names the email field "username", as authenticate() does.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.visitors.ip_pseudonym"
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "users/locked_out.html"
AXES_VERBOSE = False
# Staff who can see supporters' personal data (and superusers) must use
# two-step verification (an authenticator app) to enter the admin.
STAFF_TWO_STEP_REQUIRED = True
OTP_TOTP_ISSUER = "Mobilise"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another.
# WAL lets readers proceed during a write; IMMEDIATE takes the write lock at
# BEGIN so two writers queue on the busy timeout instead of failing mid-way.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
# Persistent connections: opening one per request cost a sixth of a signature's
# time on SQLite (bench/sign.py); DB_CONN_MAX_AGE=0 turns them off.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Wagtail's search backend on PostgreSQL needs it (system check postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")

# Redis, when given, is the cache and the task broker; otherwise a file cache
# under var/ (shared by every process on the machine) and the ORM broker.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "home.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# Public pages are shared by every anonymous visitor for this many seconds
# (home/pagecache.py): counts and lists on them are at most this far behind; a
# publish or an edit shows at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "8"))

# A proxy or CDN in front (off by default): Wagtail purges a page's URLs from it
# when the page is published or unpublished (wagtail.contrib.frontend_cache);
# anything else it keeps at most PAGE_CACHE_SECONDS (s-maxage).
FRONTEND_CACHE = os.environ.get("FRONTEND_CACHE", "")
_FRONTEND_CACHES = {
    "http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", ""),
    },
    "cloudflare": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ.get("CLOUDFLARE_ZONEID", ""),
    },
    "cloudfront": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", ""),
    },
}
if FRONTEND_CACHE not in ("", *_FRONTEND_CACHES):
    raise ImproperlyConfigured(
        f"FRONTEND_CACHE={FRONTEND_CACHE!r}: use one of {', '.join(_FRONTEND_CACHES)}, or nothing."
    )
WAGTAILFRONTENDCACHE = {FRONTEND_CACHE: _FRONTEND_CACHES[FRONTEND_CACHE]} if FRONTEND_CACHE else {}

# Settings read on every signature (blocked domains, affiliates, which petitions
# are live) are kept this many seconds in each process: see home/cache.py.
CACHE_RECENT_SECONDS = 2

# The tasks that follow a stream of work (home/queue.py: confirmation emails,
# counting, mailings) work through what is waiting in batches, look again every
# `pause` seconds and stop after `idle` quiet seconds; after `max` seconds a new
# task takes over what is left. A follower's lock lapses `lock` seconds after
# it last touched it, if it died. A failing provider is retried after
# retry_pause ** n seconds (at most 30), up to max_failures times in a row.
FOLLOW = {"pause": 1, "idle": 6, "max": 60, "lock": 20, "retry_pause": 2, "max_failures": 5}

# django-q2: timeout must stay below retry, or a slow task is handed out twice.
Q_CLUSTER = {
    "name": "mobilise",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 420,
    "max_attempts": 3,
    # Successful tasks are not kept: nothing reads them (every task is idempotent
    # and the work it did is in our own tables), and trimming them costs a
    # COUNT and a DELETE after every task. Failures are kept for staff.
    "save_limit": -1,
    "ack_failures": True,
    "catch_up": False,
    "label": _("Task queue"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 0.5

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the public site's languages are Wagtail's content
# languages, each named in its own script; Arabic and Urdu are right-to-left
# and Django's i18n tags say so. Django knows no Tagalog or Sinhala: they are
# described here as Django describes the others.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ne", "नेपाली"),
    ("bn", "বাংলা"),
    ("ur", "اردو"),
    ("id", "Bahasa Indonesia"),
    ("tl", "Tagalog"),
    ("hi", "हिन्दी"),
    ("si", "සිංහල"),
]
EXTRA_LANG_INFO = {
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
    "si": {"bidi": False, "code": "si", "name": "Sinhala", "name_local": "සිංහල"},
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
# A language chosen in the switcher is remembered a year (home.views.language_choose).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Date and number formats for the languages Django has none for (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGES)
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads and image renditions served by Django itself (home.views.media_file):
# for the demo and development; in production the web server serves MEDIA_ROOT.
SERVE_MEDIA = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail: files under var/ by default; production switches to anymail.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mobilise <campaigns@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        "BACKEND": "mailings.backends.MergeFileBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
}
# The provider mail goes through (production sets it, with its ANYMAIL settings);
# its tracking webhook is the only one answered. None in development.
ANYMAIL_PROVIDER = ""
# A tracking webhook's body larger than this is refused (413) before it is read.
MAILING_WEBHOOK_MAX_BYTES = int(os.environ.get("MAILING_WEBHOOK_MAX_BYTES", str(1024 * 1024)))

# Content Security Policy for public pages: nothing from another host, ever.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The stylesheet is written into each page (config.stylesheet): allowed by its hash.
    "style-src": [CSP.SELF, stylesheet_csp_source()],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],  # as X-Frame-Options DENY; the embed opens both
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin relies on inline scripts and styles; it gets its own
# policy so the public one stays strict.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
# Public pages are never framed (the petition embed excepted, in both headers);
# the admin frames its own previews (SAMEORIGIN with frame-ancestors 'self').
X_FRAME_OPTIONS = "DENY"
# Features no page of ours uses, refused for the page and anything it embeds.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "browsing-topics=(), interest-cohort=()"
)
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
REFERRER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Wagtail
WAGTAIL_SITE_NAME = "Mobilise"
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "png", "jpg"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Uploaded images are re-encoded without metadata (home/images.py); past this many
# pixels they are refused, which also stops decompression bombs.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.CleanImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Avatars from gravatar.com would tell a third party who uses the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# A page sent for translation starts as a draft, published when its text is
# translated: visitors in that language meanwhile get the page saying it is not
# yet translated (home.views.page_not_translated), not an English copy.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Supporters' IP addresses are kept only as salted hashes; the salt is secret.
IP_HASH_SALT = os.environ.get("IP_HASH_SALT", "")
# The networks of our own proxies (CIDRs, comma-separated): X-Forwarded-For is
# believed only from them, read from the right (home/visitors.py). Empty: the
# connection's own address, whatever the header says.
TRUSTED_PROXIES = [
    cidr.strip() for cidr in os.environ.get("TRUSTED_PROXIES", "").split(",") if cidr.strip()
]
if os.environ.get("TRUSTED_PROXY_COUNT"):
    # A count of proxies let anyone who reached the site directly choose their address.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer read: set TRUSTED_PROXIES to your proxies' "
        "networks instead (see the README)."
    )
for _cidr in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_cidr, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_cidr!r} is not a network; write CIDRs, comma-separated, "
            "e.g. 127.0.0.1/32,10.0.0.0/8."
        ) from None

# Petitions' anti-abuse limits per IP address; exceeding them holds signatures back
# silently. Blocked domains and address ranges are edited in the admin.
PETITION_LIMITS = {
    "burst": int(os.environ.get("PETITION_BURST_PER_MINUTE", "10")),
    "sustained": int(os.environ.get("PETITION_SUSTAINED_PER_HOUR", "60")),
    "min_fill_seconds": int(os.environ.get("PETITION_MIN_FILL_SECONDS", "3")),
    # Past this many signatures from one address in an hour the form answers 429
    # and stores nothing: far above "sustained", for a script rather than an office.
    "hard_per_hour": int(os.environ.get("PETITION_HARD_PER_HOUR", "600")),
}
# Signatures held back by the anti-abuse checks and never confirmed are deleted
# after this many days; staff review them in the meantime.
PETITION_FLAGGED_RETENTION_DAYS = int(os.environ.get("PETITION_FLAGGED_RETENTION_DAYS", "30"))
# A petition form works this many seconds after it was shown (the signed "started" marker).
PETITION_FORM_MAX_AGE = 60 * 60 * 24
PETITION_CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 60
PETITION_REMINDER_AFTER = 60 * 60 * 24
# A confirmation or reminder email claimed by a task that died is sent by the
# next one this many seconds after the claim (a chunk of 10 takes a second or two).
PETITION_EMAIL_CLAIM_TIMEOUT = 30

# "See or erase your data": the emailed link works this many seconds; a visitor
# may ask this many times an hour, and one address gets at most one email per interval.
DATA_ACCESS_MAX_AGE = 60 * 60 * 24
DATA_ACCESS_PER_HOUR = int(os.environ.get("DATA_ACCESS_PER_HOUR", "5"))
DATA_ACCESS_EMAIL_INTERVAL = 60 * 10
# Registrations, manage-link requests and RSVPs per address per hour on a day of
# action (events/views/public.py), beyond which they are answered 429.
EVENTS_PER_HOUR = int(os.environ.get("EVENTS_PER_HOUR", "30"))
# Solidarity messages posted, and reports made, per address per hour.
SOLIDARITY_PER_HOUR = int(os.environ.get("SOLIDARITY_PER_HOUR", "20"))
# Days after a petition closes (or its deadline passes) before its signers'
# details are erased; the signatures keep counting, anonymously.
RETENTION_AFTER_CLOSE = int(os.environ.get("RETENTION_DAYS_AFTER_CLOSE", "183"))

# Mailings: recipients per provider call (Mailgun takes 1,000, most others 500),
# sending chains working at once, an overall cap in emails per second (0: none),
# and how long a claimed batch may stay unanswered before the sweep sends it again
# (longer than Q_CLUSTER's timeout, so a live task is never doubled).
MAILING_BATCH_SIZE = int(os.environ.get("MAILING_BATCH_SIZE", "500"))
MAILING_CONCURRENCY = int(os.environ.get("MAILING_CONCURRENCY", "2"))
MAILING_SEND_RATE = float(os.environ.get("MAILING_SEND_RATE", "0"))
# A batch handed to the provider and never answered (its worker died) is sent
# again after this many seconds, to those the provider's events said nothing
# about: longer than the provider call's timeout (anymail's REQUESTS_TIMEOUT,
# 30 s by default), so that a live call is never doubled.
MAILING_SEND_TIMEOUT = float(os.environ.get("ANYMAIL_REQUESTS_TIMEOUT", "30"))
MAILING_CLAIM_TIMEOUT = int(
    os.environ.get("MAILING_CLAIM_TIMEOUT") or 2 * MAILING_SEND_TIMEOUT + 30
)
# The provider's per-recipient substitution syntax, for providers mailings/emails.py
# does not know, e.g. "{{{{{}}}}}" for {{name}}.
MAILING_MERGE_FIELD_FORMAT = os.environ.get("MAILING_MERGE_FIELD_FORMAT", "")

# Countries: show the names people know; django-countries honours the active language.
COUNTRIES_FIRST_REPEAT = False
# Names in every offered language, from the CLDR where django-countries has none.
COUNTRIES_OVERRIDE = country_names_override()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Two lines for each of Wagtail's background tasks (reference and search
    # indexes, run by the tasks framework, django_tasks or Django's own):
    # hundreds when pages are created.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django-q": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
