"""TradeBridge settings: one module, every deployment knob read from the environment.

Development defaults are safe on 127.0.0.1 (DEBUG on, SQLite, mail printed to the console).
Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL;
`.env.example` documents every variable.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The fallback key only exists so that a fresh clone runs; production refuses to start without one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="" if not DEBUG else "insecure-development-key-only")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is false.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The scheme and host of every origin that posts forms through a proxy, e.g. https://tradebridge.example.
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Trigram lookups for text search on PostgreSQL (companies.search); inert on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "allauth",
    "allauth.account",
    # Two-factor authentication (authenticator app + recovery codes) for anyone, staff above all.
    "allauth.mfa",
    "django_tasks_db",
    "companies",
    "events",
    "matchmaking",
    "market",
    "messaging",
]

MIDDLEWARE = [
    # First, so that every response (redirects and errors included) and every log line carries the request id.
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "companies.middleware.MembershipMiddleware",
    # After the language and the user are known, so that the 400 page is the site's own, in the reader's language.
    "config.middleware.RejectNullBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["config.paging"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site_languages",
                "companies.context_processors.my_company",
                "events.context_processors.notifications",
                "messaging.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (seconds; 0 closes each at the end of its request) and a check before reusing one, so a
# connection broken by a database restart is replaced instead of failing the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Set for each connection as it opens:
    # - typo corrections (companies.search.corrections): pg_trgm's default word similarity threshold, 0.6, misses
    #   a doubled letter in a short word ("Bakku" is 0.57 from "baku");
    # - no JIT compilation: every query here is short, and compiling one whose estimated cost crosses
    #   jit_above_cost took ~30 ms, more than running it (the impact report's aggregates, docs/performance.md).
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    ours = "-c pg_trgm.word_similarity_threshold=0.55 -c jit=off"
    database_options["options"] = f"{database_options.get('options', '')} {ours}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default: each process keeps its own. CACHE_URL=redis://host:6379/1 shares the cache, and with it
# the sessions, allauth's rate limits and login lockout, among all workers and servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if "redis" in CACHES["default"]["BACKEND"].lower():
    # Django's own Redis backend (django-environ would pick django-redis if it happened to be installed).
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
SHARED_CACHE = CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
if SHARED_CACHE:
    # Read from Redis, written through to the database: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): log in by email, verification is mandatory before the first log-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[TradeBridge] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Rate limits live in the default cache (shared when CACHE_URL is Redis). allauth's default lockout counts failed
# log-ins per account, so anyone could lock an account out for everybody; config.accounts.AccountAdapter keys it by
# account *and* client address instead. 10 failures a minute from one address, 5 per account from one address in
# 5 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_ADAPTER = "config.accounts.AccountAdapter"  # its emails take config.mail; the lockout's key
# The client's address, for rate limits and the lockout: behind N proxies it is the N-th address from the right of
# X-Forwarded-For (nginx's $proxy_add_x_forwarded_for with one proxy: 1). 0 uses the connection's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Or a header that a trusted proxy sets to the client's address (e.g. X-Real-IP); it wins over the count.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("DJANGO_TRUSTED_CLIENT_IP_HEADER", default="") or None
# Two-factor authentication: an authenticator app (TOTP), with recovery codes for when the phone is lost.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "TradeBridge"
LOGIN_REDIRECT_URL = "companies:mine"
LOGIN_URL = "account_login"

# Internationalisation: English, Vietnamese, Azerbaijani (all left to right).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("az", _("Azerbaijani")),
]
# Our catalogs, then the translations of third-party strings that their packages do not ship
# (built by scripts/thirdparty_catalogs.py). Both come before the packages' own catalogs.
# Each language's name in itself, as the language switcher shows it.
LANGUAGE_NATIVE_NAMES = {"en": "English", "vi": "Tiếng Việt", "az": "Azərbaycan dili"}
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads are read in memory up to this size; the logo limit (5 MB) is checked by the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Mail: printed to the console in development; SMTP (or any backend) configured from the environment.
_email_backend = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        }
        if _email_backend.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="TradeBridge <noreply@tradebridge.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# No inline script or style anywhere: a strict policy holds on every page.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# The load balancer's health checks may come over plain HTTP, straight to the app server.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Behind a proxy that ends TLS, the request reaching Django is plain HTTP: without this the HTTPS redirect loops.
# Set it only when the proxy overwrites X-Forwarded-Proto on every request (a client could forge it otherwise).
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)

# Serve uploaded media from Django itself (development, or a single-box deployment).
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)

# Every record of a request carries its id (config.middleware.RequestIdMiddleware, config.logs). Plain lines by
# default; DJANGO_LOG_FORMAT=json writes one JSON object a line for a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if env.str("DJANGO_LOG_FORMAT", default="plain") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Company profiles
COMPANY_PAGE_SIZE = 20
# The directory and the marketplace count their results up to this many ("more than 1,000 found").
RESULT_COUNT_CAP = 1000
# Who besides a company's own people sees its contact details: functions (viewer's company, company) → bool.
CONTACT_SHARING_RULES = ["events.selectors.have_accepted_meeting"]
# Background tasks (notification emails). Development runs them at once; production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend")}}

# /health/ (config.health): a ready task waiting longer than this many minutes means the task worker is behind or down.
HEALTH_TASK_BACKLOG_MINUTES = env.int("HEALTH_TASK_BACKLOG_MINUTES", default=10)

# Absolute links in emails sent outside a request (moderation, reminders).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Online meetings' video rooms: any Jitsi-compatible server (events.video_rooms). The public meet.jit.si works for
# a demo; production points this at its own server (docs/deployment.md).
VIDEO_ROOM_BASE_URL = env.str("VIDEO_ROOM_BASE_URL", default="https://meet.jit.si").rstrip("/")
# How long the signed links in the feedback and follow-up emails work without logging in (events.services.feedback).
FEEDBACK_LINK_MAX_AGE_DAYS = 120
