"""Tandem settings: everything comes from the environment, with safe local defaults.

See the README for the full list of variables and the production values.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from tandem.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TANDEM_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "treebeard",
    "axes",
    "django_htmx",
    "ninja",
    "tandem.people",
    "tandem.audit",
    "tandem.capture",
    "tandem.notifications",
    "tandem.programs",
    "tandem.api",
    "tandem.indicators",
    "tandem.reports",
    "tandem.digests",
    "tandem.outcomes",
    "tandem.voice",
    "tandem.assessments",
    "tandem.recognition",
    "tandem.home",
    "tandem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: answers a locked-out login with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"
ASGI_APPLICATION = "tandem.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tandem" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "tandem.people.context_processors.current_person",
            ],
        },
    },
]

# Database: SQLite in var/ by default; DATABASE_URL switches (postgres://, sqlite:////abs/path).
_default_sqlite = f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the busy timeout and an
    # IMMEDIATE transaction mode make concurrent writers wait instead of failing
    # with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file (not :memory:) so the live-server browser tests share it; one per
    # process so parallel test runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for Tandem's connections (PG_SESSION_SETTINGS, comma-separated;
    # empty keeps the server's own). jit=off: Tandem's queries run in milliseconds, but a
    # large table makes the planner's estimate high enough to compile them first, which
    # cost 160 ms of a 175 ms query. random_page_cost=1.1: the tables are in memory or on
    # SSD, where a random read costs about what a sequential one does; with the default 4
    # the planner read whole credit tables (2.1 M rows) instead of looking rows up by
    # index (bench/RESULTS.md).
    _pg_settings = env_list("PG_SESSION_SETTINGS", "jit=off,random_page_cost=1.1")
    if _pg_settings:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(
            f"-c {setting}" for setting in _pg_settings
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login at once
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# django-allauth: email + password, invitation only; OIDC single sign-on when configured.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "tandem.people.adapters.InviteOnlyAccountAdapter"
SOCIALACCOUNT_ADAPTER = "tandem.people.adapters.KnownPeopleSocialAdapter"
ACCOUNT_LOGOUT_ON_GET = False
# Failed logins are counted by django-axes (below), in the database that every web process
# shares, not by allauth's per-process cache.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# account from one address, that account is locked *from that address* for
# LOGIN_LOCKOUT_MINUTES (another failure restarts the wait). Keyed by the pair, so
# nobody can lock a named person out from elsewhere, nor lock out other accounts of the
# same address. Behind TRUSTED_PROXY_COUNT proxies the address is read from
# X-Forwarded-For (each proxy appends the address it saw: the client is that many entries
# from the right); with none it is the socket's (tandem.people.adapters.client_address).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "tandem.people.adapters.login_name"
AXES_LOCKOUT_CALLABLE = "tandem.people.views.locked_out"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "tandem.people.adapters.client_address"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"
# People who already have a password login are signed in by SSO with the same
# email: the organization's own identity provider is trusted for its staff's emails.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {}
if env_str("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
                "name": env_str("OIDC_NAME", "Single sign-on"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("OIDC_SERVER_URL")},
            }
        ]
    }

# Email: the console by default; EMAIL_BACKEND=smtp and EMAIL_HOST etc. send for real.
_email_backend = env_str("EMAIL_BACKEND", "console")
MAILERS = {
    "default": {
        "BACKEND": {
            "console": "django.core.mail.backends.console.EmailBackend",
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
        }.get(_email_backend, _email_backend),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        }
        if _email_backend in {"smtp", "django.core.mail.backends.smtp.EmailBackend"}
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "tandem" / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Static files are collected (`manage.py collectstatic`: `make run` and `make serve` do it)
# under content-hashed names, compressed, that WhiteNoise serves with far-future cache
# headers. The test suite renders pages without collecting them, so it keeps the names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if os.environ.get("PYTEST_VERSION")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security: production values are set by the environment (see README).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# A load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's built-in middleware): same origin only, no inline
# scripts or styles (CSS lives in static files; no style="" attributes or <style>
# elements). The interactive API docs alone allow the inline styles Swagger UI
# needs: a per-view override in tandem/api/api.py (tests/test_csp.py checks both).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Background work: Django's tasks framework (django.tasks). TASKS_BACKEND picks where
# tasks go: "database" (the default: tasks wait in the database for `manage.py worker`,
# which `make run` starts beside the web server), "redis" (RQ on REDIS_URL, run by
# `manage.py rqworker --job-class django_tasks_rq.Job default`), "immediate" (run at once
# in the process that queued them: the test suite's default, so a test opts in to a
# queue explicitly), or a dotted backend path.
INSTALLED_APPS += ["django_tasks_db", "django_rq"]
_tasks_backend = env_str(
    "TASKS_BACKEND", "immediate" if os.environ.get("PYTEST_VERSION") else "database"
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "redis": "django_tasks_rq.RQBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }.get(_tasks_backend, _tasks_backend),
        "QUEUES": ["default"],
    }
}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
# Digests (tandem.digests.services): a worker's claim on a digest expires after this many
# seconds; a queued digest whose task has not run is enqueued again after this many.
TANDEM_DIGEST_CLAIM_SECONDS = env_int("TANDEM_DIGEST_CLAIM_SECONDS", 600)
TANDEM_DIGEST_REQUEUE_SECONDS = env_int("TANDEM_DIGEST_REQUEUE_SECONDS", 3600)
# Whole record lists downloaded through the worker (tandem.capture.exports): written to
# this folder (never served as static files: only the person who asked downloads theirs)
# and deleted after this many days.
TANDEM_EXPORT_DIR = Path(env_str("TANDEM_EXPORT_DIR", str(VAR_DIR / "exports")))
TANDEM_EXPORT_KEEP_DAYS = env_int("TANDEM_EXPORT_KEEP_DAYS", 7)

# Logs go to standard error: plain lines by default, one JSON object a line with
# LOG_FORMAT=json (time, level, logger, message and any extra fields) for a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LOG_FORMAT", "text") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Tandem's own knobs.
TANDEM_PAGE_SIZE = env_int("TANDEM_PAGE_SIZE", 25)
# Upward feedback: the most pieces one person may send in a day (named and anonymous).
TANDEM_VOICE_PER_DAY = env_int("TANDEM_VOICE_PER_DAY", 5)
TANDEM_NOTIFY_BY_EMAIL = env_bool("TANDEM_NOTIFY_BY_EMAIL", False)
