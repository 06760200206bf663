"""Settings for Baseline, read from the environment.

Safe local defaults: SQLite in the project folder, a local-memory cache, DEBUG off unless
``DEBUG=1``. Production sets ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL``.
"""

import logging
import os
import sys
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
_MANAGEMENT_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-local-key-do-not-use-in-production"
    elif _MANAGEMENT_COMMAND:
        # migrate, import_atp and the like sign nothing: a throwaway key will do.
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
    else:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment to serve the site (or DEBUG=1 locally)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",  # django.contrib.admin, with labelled choices
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "markdownx",
    "csp",
    "images",
    "players",
    "matches",
    "articles",
    "authors",
    "accounts",
    "pagecache",
]

MIDDLEWARE = [
    "newsroom.requestlog.RequestLogMiddleware",  # one line a request, page cache hits included
    "newsroom.health.HealthCheckMiddleware",  # /healthz, ahead of host checks and redirects
    "django.middleware.security.SecurityMiddleware",
    # Security headers (Permissions-Policy, CORP) and the Content-Security-Policy: see the security
    # block below. Ahead of WhiteNoise so static files get them too.
    "newsroom.security.SecurityHeadersMiddleware",
    "newsroom.csp_headers.CSPMiddleware",  # django-csp's, its plain policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag/Last-Modified and 304s, cached pages too
    # Signed-out readers' pages (pagecache/): a hit returns from here, before sessions are read.
    # Middleware above it runs on every response; middleware below it only when a page is rendered.
    "pagecache.middleware.PageCacheMiddleware",
    # Signed-out pages gzipped once, as rendered (the page cache keeps them so); never one holding a
    # CSRF token or a signed-in reader's page (BREACH): newsroom/compression.py.
    "newsroom.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "csp.context_processors.nonce",  # {{ CSP_NONCE }}, for the rare inline block
            ],
            # {% url %} with the URLs of no arguments kept, |date with what it formatted kept.
            "builtins": ["newsroom.url_tag", "newsroom.date_filter"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A connection pooler in transaction mode (PgBouncer's pool_mode = transaction) gives each transaction
# whichever server connection is free: nothing may outlive a transaction there. DATABASE_POOLER=
# transaction keeps to that: no prepared statements, no LISTEN, no server-side cursors (Django's
# .iterator() would lose its cursor between two fetches). The pipeline is kept: a batch ends with one
# Sync and holds its server connection until then.
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in ("", "session", "transaction"):
    raise ImproperlyConfigured(
        f"DATABASE_POOLER={DATABASE_POOLER!r}: leave it empty (no pooler, or one in session mode) "
        "or set it to 'transaction' (PgBouncer's pool_mode = transaction)."
    )
_TRANSACTION_POOLER = DATABASE_POOLER == "transaction"
if _TRANSACTION_POOLER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that needs no round trip and text searches never
    # prepared (newsroom/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "newsroom.postgresql"
    # A database that does not answer fails fast, so pages can be served from the cache meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
    if env_bool("DATABASE_PREPARE", not _TRANSACTION_POOLER):
        # Server-side parameters, and each statement prepared the third time a connection sends it:
        # PostgreSQL plans a story page's queries once a connection rather than on every request
        # (planning them took longer than running them). Off behind a pooler in transaction mode.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
# A page's independent queries sent together, one round trip a batch (newsroom/together.py);
# 0 for a pooler or proxy that cannot take several statements before a Sync.
DATABASE_PIPELINE = env_bool("DATABASE_PIPELINE", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis errors are logged and taken as misses (newsroom/cache.py): the site carries on.
            "BACKEND": "newsroom.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "baseline",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are written to the database and read through the cache: losing Redis signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The page cache (pagecache/): signed-out readers' pages served from memory, never stale. Any write to
# content moves one generation number on, and only pages of the current generation are served.
# PAGE_CACHE=0 stores nothing (to measure uncached pages) but keeps the headers.
PAGE_CACHE = env_bool("PAGE_CACHE", not (DEBUG or TESTING))
PAGE_CACHE_TTL = int(os.environ.get("PAGE_CACHE_TTL", "600"))  # seconds a page is served before re-rendering
PAGE_CACHE_STALE_TTL = 24 * 60 * 60  # the last good copy, served while the database is down
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))  # what browsers and CDNs may keep
PAGE_CACHE_CONTROL = "public, max-age={max_age}, stale-while-revalidate=300, stale-if-error=86400"
PAGE_CACHE_LOCAL_MB = int(os.environ.get("PAGE_CACHE_LOCAL_MB", "64"))  # per process
# On PostgreSQL each process hears of a new generation (LISTEN/NOTIFY) instead of reading it on every
# hit (pagecache/listen.py); 0 reads it from the database on every request.
PAGE_CACHE_LISTEN = env_bool("PAGE_CACHE_LISTEN", not _TRANSACTION_POOLER)
PAGE_CACHE_ALIAS = "default"  # shared between processes unless it is local memory
PAGE_CACHE_SKIP = ["/admin/", "/accounts/", "/editor/", "/following/", "/healthz"]
# Writes to these apps and models change no shared page, so they leave the generation alone.
PAGE_CACHE_IGNORE_WRITES = ["sessions", "admin", "auth", "accounts", "players.Follow"]
# Fields holding a moment when pages change by themselves (a scheduled story going live).
PAGE_CACHE_SCHEDULES = [("articles.Article", "publish_at"), ("articles.Correction", "published_at")]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Baseline <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, use REMOTE_ADDR).
# Rate limits count per client address, so behind a proxy this must be set.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
# The site is in English only. Django's translation machinery is off: every number and date a
# template prints would otherwise ask it for the language (4% of a player page), and Django's en-GB
# catalogue says nothing its English does not. Formats stay en-GB's (LANGUAGE_CODE).
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes (STATIC_ROOT: e.g. a release's own folder, or a benchmark's temporary one).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploaded images itself (images only, with nosniff: images/views.py) unless a web server
# or CDN in front does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Tests and local runs serve static files straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security: HTTPS, cookies, headers and the Content-Security-Policy --------------------------
# Everything HTTPS-only switches on with SECURE=1 (the site behind TLS); a local run over plain HTTP
# keeps it off. `manage.py check --deploy` is clean with DEBUG off, SECRET_KEY, ALLOWED_HOSTS and
# SECURE=1 (tests/test_security_headers.py runs it). Headers on every page: newsroom/security.py.
SECURE = env_bool("SECURE")
SECURE_SSL_REDIRECT = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
# A load balancer's health probe may come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
# HSTS for a year; includeSubDomains and preload unless a site still has a subdomain on plain HTTP
# (HSTS_INCLUDE_SUBDOMAINS=0 / HSTS_PRELOAD=0). Preloading is a promise browsers keep for months.
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", SECURE)
SECURE_HSTS_PRELOAD = SECURE_HSTS_INCLUDE_SUBDOMAINS and env_bool("HSTS_PRELOAD", SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: Secure over HTTPS, never readable from JavaScript, not sent on cross-site POSTs. No script
# of ours reads the CSRF cookie: forms carry the token, and markdownx's preview falls back to the
# form's token when it cannot read the cookie. Over HTTPS the names take the __Host- prefix, which
# browsers only accept from this host, over HTTPS, for the whole site: a subdomain cannot plant one.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
if SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content-Security-Policy (django-csp 4): nothing loads unless listed; scripts and styles come from
# our own static files only, never inline. A template that truly needs an inline block writes
# nonce="{{ CSP_NONCE }}" and only that response's header carries the nonce; no page does today, so
# every page, cached or not, sends the same policy. JSON-LD blocks are data, not script: browsers
# neither run them nor check them against the policy. CSP_REPORT_URI collects violation reports.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.NONE],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "upgrade-insecure-requests": SECURE,
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }
}
# Powerful browser features no page of ours uses, switched off for the page and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# --- end of security --------------------------------------------------------------------------------

# django-markdownx: one Markdown pipeline, our own guarded endpoints (see articles/urls_editor.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.markdown.markdownify"
MARKDOWNX_URLS_PATH = "/editor/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/editor/markdownx/upload/"
MARKDOWNX_EDITOR_RESIZABLE = True

# Request logs come at thousands of lines a second: records skip what no formatter prints (the thread
# and the calling line; the logging HOWTO's "Optimization"). The process stays: gunicorn's own lines
# print its pid.
logging.logThreads = logging.logMultiprocessing = False
logging._srcfile = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One JSON line a request (newsroom/requestlog.py); LOG_REQUESTS=0 turns it off.
        "newsroom.requests": {
            "handlers": ["requests"],
            "level": "INFO" if env_bool("LOG_REQUESTS", not TESTING) else "WARNING",
            "propagate": False,
        },
    },
}

DATA_SOURCE = {
    "name": "Tennis Abstract (Jeff Sackmann), tennis_atp",
    "url": "https://github.com/JeffSackmann/tennis_atp",
    "licence": "CC BY-NC-SA 4.0",
    "licence_url": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}
