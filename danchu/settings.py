"""danchu settings, read from the environment.

Every value has a safe local default so `make run` works on a bare machine; production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL (see .env.example).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from danchu.core.env import envbool, envfloat, envint, envints_matching, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DANCHU_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = envbool("DEBUG", "1")
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "danchu-local-development-key-not-for-production-use-0123456789"
# Key that encrypts denouncers' identities (Fernet, urlsafe base64 of 32 bytes). Never stored in the database.
# During a rotation (`danchu rotate_vault_key`) it may list "new,old": the first seals, all of them open.
FIELD_ENCRYPTION_KEY = envstr(
    "FIELD_ENCRYPTION_KEY", "" if not DEBUG else "ZGFuY2h1LWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE="
)
if not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DEBUG is off")
# Signs the audit chain's published heads (Ed25519: base64 of 32 random bytes). Kept outside the
# database and its backups; its public key is shown with the heads (danchu/core/anchors.py).
AUDIT_SIGNING_KEY = envstr("AUDIT_SIGNING_KEY")
if not AUDIT_SIGNING_KEY and not DEBUG:
    raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be set when DEBUG is off")
# Public keys of earlier signing keys whose published heads are still trusted (comma-separated).
AUDIT_TRUSTED_KEYS = envlist("AUDIT_TRUSTED_KEYS")
# The append-only file the signed heads are written to (chattr +a it in production).
AUDIT_ANCHOR_FILE = Path(envstr("AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log")))
# Witnesses each new signed head is sent to (danchu/core/anchor_delivery.py): HTTPS URLs of another
# danchu's receiving endpoint (the province's: https://<host>/api/v1/core/audit/witness/anchors) or of
# any receiver that takes the same JSON. Empty (the default): nothing leaves the machine.
AUDIT_ANCHOR_SEND_TO: list[str] = envlist("AUDIT_ANCHOR_SEND_TO")
if any(not u.startswith(("https://", "http://127.0.0.1", "http://localhost")) for u in AUDIT_ANCHOR_SEND_TO):
    raise ImproperlyConfigured(
        "AUDIT_ANCHOR_SEND_TO must list https:// URLs (plain http only to this machine)"
    )
# Seconds one delivery may take before it counts as failed (and is retried with back-off).
AUDIT_ANCHOR_SEND_TIMEOUT: float = envfloat("AUDIT_ANCHOR_SEND_TIMEOUT", "10")
# This danchu as a witness (danchu/core/witness.py): the instances whose heads it accepts, as
# "name=public key" pairs (comma-separated; a name may appear twice during a key change). The public
# key is the one a sender shows on its /audit/anchors/ page; only heads signed with a listed key are
# taken. Empty (the default): the receiving endpoint refuses everything.
AUDIT_WITNESS_SENDERS: list[str] = envlist("AUDIT_WITNESS_SENDERS")
# Heads one address may post to the witness endpoint a minute (a sender posts one every 15 minutes;
# a province's communes each post from their own address); past it: 429 before any signature check.
AUDIT_WITNESS_POSTS_PER_MINUTE: int = envint("AUDIT_WITNESS_POSTS_PER_MINUTE", "60")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# Addresses of the reverse proxies in front of danchu (nginx): only their X-Forwarded-For is believed
# when finding a client's address for rate limits and sign-in lockouts (core/net.py). IPs or CIDRs.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    # danchu, in dependency order: core <- places <- accounts <- modules. core and accounts come
    # before allauth so that their templates override allauth's.
    "danchu.core",
    "danchu.places",
    "danchu.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "huey.contrib.djhuey",
    # django-ninja as an app serves its own copy of Swagger UI (static files of the installed package)
    # instead of loading it from a CDN: the API documentation works without internet and under the CSP.
    "ninja",
    "danchu.reporting",
    "danchu.disclosures",
    "danchu.consultations",
    "danchu.meetings",
    "danchu.cases",
    "danchu.works",
    "danchu.oversight",
    "danchu.workplaces",
    "danchu.steering",
    "danchu.newrural",
    "danchu.adminreform",
    "danchu.front",
    "danchu.synth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danchu.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "danchu.accounts.middleware.StaffMfaMiddleware",
    "danchu.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "danchu.urls"
CSRF_FAILURE_VIEW = "danchu.front.views.csrf_failure"  # the site's page, not Django's technical one
WSGI_APPLICATION = "danchu.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danchu.core.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "danchu.core.formrender.Renderer"  # Django's, its commonest widgets written out in Python
# --- Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL ---------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'danchu.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the job consumer work while a writer commits; Django turns foreign keys on.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
if envstr("TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without clobbering each other's database.
    DATABASES["default"]["TEST"] = {"NAME": envstr("TEST_DB_NAME")}
# Behind PgBouncer in transaction pooling a server-side cursor cannot outlive its transaction.
DB_PGBOUNCER = envbool("DB_PGBOUNCER", "0")
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DB_PGBOUNCER
# Streaming replicas for reads that may be seconds stale: public pages, dashboards, reports
# (danchu/core/routers.py, docs/scaling.md). Empty: one database, no router.
DATABASE_REPLICA_URLS = envlist("DATABASE_REPLICA_URLS", "")
for _n, _url in enumerate(DATABASE_REPLICA_URLS, 1):
    DATABASES[f"replica{_n}"] = {
        **dj_database_url.parse(_url, conn_max_age=envint("DB_CONN_MAX_AGE", "60")),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["danchu.core.routers.PrimaryReplicaRouter"] if DATABASE_REPLICA_URLS else []
if DATABASE_REPLICA_URLS:
    MIDDLEWARE.insert(1, "danchu.core.routers.ReplicaReadsMiddleware")
# After a browser's write, its reads stay on the primary this long (read-after-write across a redirect).
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", "10")
# GET pages read from a replica even for signed-in people (dashboards, reports); NEVER wins over READ.
REPLICA_READ_PATHS = envlist("REPLICA_READ_PATHS", "/reporting/,/api/v1/reporting/")
REPLICA_NEVER_PATHS = envlist("REPLICA_NEVER_PATHS", "/accounts/,/healthz,/admin/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# --- Cache and jobs: Redis when REDIS_URL is set ----------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "danchu",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": envint("HUEY_WORKERS", "2"), "worker_type": "thread"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "danchu_cache",
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "danchu",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": envbool("HUEY_IMMEDIATE", "0"),
        "consumer": {"workers": envint("HUEY_WORKERS", "2"), "worker_type": "thread"},
    }
# Audit chain sealing after a commit (docs/decisions/0003): 0 = by the writer, at once (default); N > 0 =
# by the job consumer N s later for all writers, so a request pays only its INSERT (production: 1).
AUDIT_SEAL_DELAY_SECONDS = envint("AUDIT_SEAL_DELAY_SECONDS", "0")
# The kernel's rate limiter (core/ratelimit.py) and page cache (core/pagecache.py) have cache aliases of
# their own: Redis when a URL is given (by default REDIS_URL), else local memory; never the database cache.
RATELIMIT_REDIS_URL = envstr("RATELIMIT_REDIS_URL", REDIS_URL)
PAGE_CACHE_REDIS_URL = envstr("PAGE_CACHE_REDIS_URL", REDIS_URL)
# How long the page cache keeps an anonymous public page (seconds; 0 = off); publishing forgets the pages
# it changes at once. Off by default without Redis: a process's own memory cannot be told by another
# process (the job consumer, another worker) that a page changed, so it would serve a stale page.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "300" if PAGE_CACHE_REDIS_URL else "0")
RATELIMIT_CACHE = "ratelimit"
PAGE_CACHE = "pages"
for _alias, _url, _prefix in (
    (RATELIMIT_CACHE, RATELIMIT_REDIS_URL, "danchu:rl"),
    (PAGE_CACHE, PAGE_CACHE_REDIS_URL, "danchu:pages"),
):
    CACHES[_alias] = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _url, "KEY_PREFIX": _prefix}
        if _url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": _alias}
    )
# --- Auth: django-allauth, sign-in by phone number or e-mail; TOTP MFA for staff ----------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "danchu.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "danchu.accounts.forms.SignupForm"  # full name and language at signup
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PHONE_VERIFICATION_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
# Without phone verification, enumeration prevention would "succeed" a signup with a taken number
# and strand the person on a verification page; say plainly that the number is taken instead.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGOUT_ON_GET = False
# A new person proves their phone number first (a code is sent by SMS as the account is created).
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:phone"
# Wrong passwords: 5 per account and address (accounts/adapter.py), 30 per address whatever the account.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/5m/ip,5/5m/key", "signup": "20/h/ip"}
# Staff sessions end after this long without a request, and this long after sign-in however active
# (seconds; danchu/accounts/middleware.py). Residents keep Django's SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_SECONDS = envint("STAFF_SESSION_IDLE_SECONDS", "1800")
STAFF_SESSION_MAX_SECONDS = envint("STAFF_SESSION_MAX_SECONDS", "43200")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "danchu"
MFA_ADAPTER = "danchu.accounts.adapter.MfaAdapter"  # staff may not remove their TOTP
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Language, time ---------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # Django's texts its Vietnamese leaves in English; apps: <app>/locale
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["danchu.core.input_formats"]  # typed dates day first: "05/03/2024" is 5 March
USE_I18N = True
USE_TZ = True
# --- Files --------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static", PROJECT_DIR / "build" / "static"]
MEDIA_URL = envstr("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on local disk by default; on S3-compatible storage (MinIO, Viettel/FPT/CMC object storage)
# with MEDIA_STORAGE=storages.backends.s3.S3Storage and the AWS_* settings (docs/scaling.md).
MEDIA_STORAGE = envstr("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")
AWS_STORAGE_BUCKET_NAME = envstr("AWS_STORAGE_BUCKET_NAME", "danchu-media")
AWS_S3_ENDPOINT_URL = envstr("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = envstr("AWS_S3_REGION_NAME", "") or None
AWS_ACCESS_KEY_ID = envstr("AWS_ACCESS_KEY_ID", "") or None
AWS_SECRET_ACCESS_KEY = envstr("AWS_SECRET_ACCESS_KEY", "") or None
# Files are private: served through danchu's access checks, never by a public bucket URL.
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = envint("AWS_QUERYSTRING_EXPIRE", "60")
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Protected files (attachments of drafts, case photos, generated posters and reports) are served by a
# view after its access check: by Django itself when empty (development), or by nginx through
# X-Accel-Redirect to this internal location in production (docs/deployment.md).
PROTECTED_MEDIA_ACCEL_PREFIX = envstr("PROTECTED_MEDIA_ACCEL_PREFIX", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
# --- E-mail and notifications -------------------------------------------------------------------------
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
# Without a mail server, mail goes to the outbox table (accounts.OutboxMessage), never the console:
# the console would print denouncers' addresses and tracking codes into the server's log.
_SMTP, _OUTBOX = "django.core.mail.backends.smtp.EmailBackend", "danchu.accounts.mail.OutboxEmailBackend"
EMAIL_BACKEND = envstr("EMAIL_BACKEND", _SMTP if EMAIL_HOST else _OUTBOX)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "danchu <no-reply@danchu.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Pluggable SMS and Zalo senders; the default writes to the outbox table (accounts.OutboxMessage).
NOTIFY_SMS_BACKEND = envstr("NOTIFY_SMS_BACKEND", "danchu.accounts.notify.OutboxBackend")
NOTIFY_ZALO_BACKEND = envstr("NOTIFY_ZALO_BACKEND", "danchu.accounts.notify.OutboxBackend")
# Real SMS gateway (channels.sms.HttpSmsBackend; docs/notifications.md): PROVIDER generic|esms|speedsms.
NOTIFY_SMS_PROVIDER = envstr("NOTIFY_SMS_PROVIDER", "generic")
NOTIFY_SMS_URL = envstr("NOTIFY_SMS_URL")
NOTIFY_SMS_TOKEN = envstr("NOTIFY_SMS_TOKEN")
NOTIFY_SMS_SECRET = envstr("NOTIFY_SMS_SECRET")
NOTIFY_SMS_SENDER = envstr("NOTIFY_SMS_SENDER", "DANCHU")
# The text sent (channels.sms.sms_text): unaccented unless UNICODE=1, cut to MAX_PARTS, its link whole.
NOTIFY_SMS_UNICODE = envbool("NOTIFY_SMS_UNICODE", "0")
NOTIFY_SMS_MAX_PARTS = envint("NOTIFY_SMS_MAX_PARTS", "2")
# Zalo Notification Service: NOTIFY_ZALO_BACKEND=danchu.accounts.channels.zalo.ZnsBackend and these.
NOTIFY_ZALO_URL = envstr("NOTIFY_ZALO_URL", "https://business.openapi.zalo.me/message/template")
NOTIFY_ZALO_ACCESS_TOKEN = envstr("NOTIFY_ZALO_ACCESS_TOKEN")
NOTIFY_ZALO_TEMPLATE_ID = envstr("NOTIFY_ZALO_TEMPLATE_ID")
NOTIFY_ZALO_TITLE_PARAM = envstr("NOTIFY_ZALO_TITLE_PARAM", "title")
NOTIFY_ZALO_CONTENT_PARAM = envstr("NOTIFY_ZALO_CONTENT_PARAM", "content")
NOTIFY_GATEWAY_TIMEOUT = envint("NOTIFY_GATEWAY_TIMEOUT", "10")
NOTIFY_RETRY_DELAYS = envstr("NOTIFY_RETRY_DELAYS", "60,300,1800,7200,43200")
NINJA_PAGINATION_PER_PAGE = 50  # the API: items per page of a list
# --- Production hardening (`danchu check --deploy` is clean when DEBUG=0) --------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Cookies only over HTTPS; `make run` on a developer's machine (plain HTTP) turns it off.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): no inline script or style anywhere — scripts and styles come
# from our own static files, data reaches scripts through json_script / data- attributes. Map tiles,
# when configured, are the one outside origin images may come from. The API's Swagger page is
# served from django-ninja's own static files and falls under the policy; the Django admin is left out.
_TILE_ORIGIN = "/".join(envstr("MAP_TILE_URL", "").split("/")[:3]) if envstr("MAP_TILE_URL", "") else ""
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"] + ([_TILE_ORIGIN] if _TILE_ORIGIN else []),
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "huey": {"level": "WARNING"}},
}
# Public pages are cached by nginx in front; this is the max-age they announce (seconds).
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", "60")
# Map tiles for Leaflet; empty means "no tiles" (the map still draws the places).
MAP_TILE_URL = envstr("MAP_TILE_URL", "")
# --- Disclosures (danchu/disclosures/categories.py) ------------------------------------------------------
# Minimum posting period of a disclosure: 30 days [U] (DOMAIN.md §2.3; 2007 Ordinance practice).
DISCLOSURE_MIN_POSTING_DAYS = envint("DISCLOSURE_MIN_POSTING_DAYS", "30")
# Per-category overrides: {"budget_execution": {"min_posting_days": 60, "frequency": "quarterly", "due_days": 15}}.
DISCLOSURE_RULES: dict[str, dict[str, object]] = {}
# nginx in front, for refreshing public pages on publish ("http://127.0.0.1:8080"); empty = no purge.
# Each refresh carries X-Cache-Refresh: CACHE_PURGE_SECRET (docs/disclosures.md, "Caching and purge").
CACHE_PURGE_URL = envstr("CACHE_PURGE_URL", "")
CACHE_PURGE_METHOD = envstr("CACHE_PURGE_METHOD", "GET")
CACHE_PURGE_SECRET = envstr("CACHE_PURGE_SECRET", "")
# Posters and loudspeaker audio are made by background jobs; off = made on request (tests, bare machines).
DISCLOSURE_MEDIA_JOBS = envbool("DISCLOSURE_MEDIA_JOBS", "1")
# The espeak-ng program that speaks loudspeaker bulletins.
ESPEAK_BINARY = envstr("ESPEAK_BINARY", "espeak-ng")
# --- Cases (danchu/cases) ----------------------------------------------------------------------------------
# Public submissions per window and client (anonymous feedback: its own); code misses likewise.
CASES_RATE_LIMIT = envint("CASES_RATE_LIMIT", "5")
CASES_RATE_WINDOW = envint("CASES_RATE_WINDOW", "3600")
CASES_TRACK_MISS_LIMIT = envint("CASES_TRACK_MISS_LIMIT", "30")
CASES_TRACK_MISS_WINDOW = envint("CASES_TRACK_MISS_WINDOW", "3600")
CASES_RATE_ANONYMOUS_LIMIT = envint("CASES_RATE_ANONYMOUS_LIMIT", "20")
# A generous ceiling per client address, so a commune working behind one address is not stopped.
CASES_RATE_ADDRESS_LIMIT = envint("CASES_RATE_ADDRESS_LIMIT", "60")
# Photos attached to a case: at most this many, each at most this size (bytes).
CASES_PHOTO_MAX_COUNT = envint("CASES_PHOTO_MAX_COUNT", "5")
CASES_PHOTO_MAX_BYTES = envint("CASES_PHOTO_MAX_BYTES", str(8 * 1024 * 1024))
# Possible duplicates: text similarity at least this (0–1), among cases of the last N days.
CASES_DUPLICATE_THRESHOLD = envfloat("CASES_DUPLICATE_THRESHOLD", "0.35")
CASES_DUPLICATE_WINDOW_DAYS = envint("CASES_DUPLICATE_WINDOW_DAYS", "180")
# Citizen reception by the commune chairman: days per month (Law on Citizen Reception 2013, Art. 15).
CASES_HEAD_RECEPTION_DAYS_PER_MONTH = envint("CASES_HEAD_RECEPTION_DAYS_PER_MONTH", "2")
# Communes counted as remote (extended deadlines where the law allows): codes, comma-separated.
CASES_REMOTE_PLACE_CODES = tuple(envlist("CASES_REMOTE_PLACE_CODES", ""))
# Each legal period of cases/types.py may be overridden by CASES_<TYPE>_<RULE>_DAYS (the rule's name is
# shown with its article on the deadlines page; a name no rule has fails `check`); unset: the law's.
globals().update(envints_matching(r"CASES_\w+_DAYS", globals()))
# A calendar-day deadline ending on a weekend day or holiday ends on the next working day (Civil Code
# 2015, Art. 148(5), applied by Art. 144 since the case laws set no other rule; DOMAIN.md §8.1).
DEADLINE_ROLL_TO_WORKING_DAY = envbool("DEADLINE_ROLL_TO_WORKING_DAY", "1")
# --- Meetings ---------------------------------------------------------------------------------------------
# Meeting notices are also read out as loudspeaker audio (espeak-ng) by a background job.
MEETINGS_NOTICE_AUDIO = envbool("MEETINGS_NOTICE_AUDIO", "1")
# Unit of the period in which the commune chairman recognises a village convention (Decree 61/2023) [U]:
# "calendar" days by default, "working" days counts only working days (docs/meetings.md).
MEETINGS_RECOGNITION_DAY_TYPE = envstr("MEETINGS_RECOGNITION_DAY_TYPE", "calendar")
if MEETINGS_RECOGNITION_DAY_TYPE not in ("calendar", "working"):
    raise ImproperlyConfigured("MEETINGS_RECOGNITION_DAY_TYPE must be calendar or working")
# --- Consultations, works ---------------------------------------------------------------------------------
# Minimum open period of a consultation per matter, overriding the rules' defaults: {"land_use": 30}.
CONSULTATION_MIN_DAYS: dict[str, int] = {}
# Days the consulting body has to answer the comments after a consultation closes [U].
CONSULTATION_ANSWER_DAYS = envint("CONSULTATION_ANSWER_DAYS", "30")
# Photos of a work's progress or a supervision session: at most this many, each at most this size.
WORKS_PHOTO_MAX_COUNT = envint("WORKS_PHOTO_MAX_COUNT", "5")
WORKS_PHOTO_MAX_BYTES = envint("WORKS_PHOTO_MAX_BYTES", str(8 * 1024 * 1024))
# A community investment supervision board: at least this many members, at most this many deputies.
WORKS_BOARD_MIN_MEMBERS = envint("WORKS_BOARD_MIN_MEMBERS", "5")
WORKS_BOARD_MAX_DEPUTIES = envint("WORKS_BOARD_MAX_DEPUTIES", "2")
# --- Reporting ----------------------------------------------------------------------------------------------
# Page layout of drafted reports (margins in mm, font), overriding Decree 30/2020's defaults.
REPORT_LAYOUT: dict[str, object] = {}
# Seconds after a dashboard's "Refresh now" during which another one of the same period queues nothing.
REPORTING_REFRESH_COOLDOWN = envint("REPORTING_REFRESH_COOLDOWN", "300")
# Seconds a process keeps roll-up reads under their version (docs/reporting.md); 0 = read every time.
ROLLUP_READS_SECONDS = envint("ROLLUP_READS_SECONDS", "300")
# --- Administrative reform ------------------------------------------------------------------------------
# The day online public services changed terms: "mức độ 3/4" (Decree 43/2011/NĐ-CP) before it,
# "toàn trình / một phần" (Decree 42/2022/NĐ-CP) from it [U: DOMAIN.md, verify] (YYYY-MM-DD).
ONLINE_SERVICE_TERMS_FROM = envstr("ONLINE_SERVICE_TERMS_FROM", "2022-08-01")
