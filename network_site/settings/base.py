"""Settings shared by every environment.

Every value that differs between deployments comes from the environment (see
``deploy/production.env.example``; ``.env.example`` is a laptop's). The defaults
serve a laptop: SQLite, a local-memory cache, console email and tasks that run
immediately.
"""

import zoneinfo
from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from .frontend_cache import frontend_caches
from .storage import public_media_origins, s3_storages

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A developer may keep local overrides in .env; production sets real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The project's own apps. The base finds what each contributes (its ``signals``,
# ``demo``, ``scale_data`` and ``site_setup`` modules) among these, in this order
# (network_site.app_modules), never among the libraries' apps.
LOCAL_APPS = [
    "network_site",
    "blog",
    "events",
    "members",
    "events.requests",
    "members.bulletins",
    "members.councils",
    "members.elections",
    "members.introductions",
    "stories",
    "network_site.payments",
]

INSTALLED_APPS = [
    *LOCAL_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
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
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    # First: a hit is answered from one cache read and runs nothing else. What the
    # middleware below adds (security headers, the policy) is stored with the page
    # (the page cache never stores a page whose policy carries a nonce).
    "network_site.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's Wagtail site from the shared cache (no query per request).
    "network_site.sites.SiteMiddleware",
    "network_site.security.SitePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "network_site.errors.RetryAfterMiddleware",
    "network_site.spreadsheets.SafeCsvMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.StaffSessionMiddleware",
    "members.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Cautions before a page goes live, for approvals outside the page editor.
    "network_site.caution_views.WorkflowApprovalCautionMiddleware",
]

ROOT_URLCONF = "network_site.urls"
CSRF_FAILURE_VIEW = "network_site.errors.csrf_failure"
WSGI_APPLICATION = "network_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite on a laptop, PostgreSQL (DATABASE_URL) everywhere else.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server: page cache,
# sessions, allauth rate limits), otherwise one process's memory. With Redis
# down the site runs without a cache (network_site/cache.py): pages render,
# sessions come from the database, /healthz says "degraded".
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "network_site.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="kiln"),
            # Rate limits hold per app server while Redis is down (cache.py).
            "OPTIONS": {"local_fallback_prefixes": ["allauth:rl:", "events:host-message:"]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# /healthz calls the worker or the scheduler stale after this long without a
# heartbeat (network_site/health.py); the scheduler enqueues one every minute.
HEALTH_WORKER_STALE_SECONDS = env.int("HEALTH_WORKER_STALE_SECONDS", default=180)
HEALTH_SCHEDULER_STALE_SECONDS = env.int("HEALTH_SCHEDULER_STALE_SECONDS", default=180)
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Anonymous responses are cached whole and purged page by page (page_cache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Frontend caches in front of the app servers, purged by Wagtail's frontend cache
# with the same URLs as the page cache, in the task worker: nginx's microcache
# through its purge module (FRONTEND_CACHE_PURGE_URL, e.g. http://127.0.0.1:8080,
# deploy/nginx) and/or a CDN (Cloudflare: CLOUDFLARE_BEARER_TOKEN and
# CLOUDFLARE_ZONE_ID; CloudFront: CLOUDFRONT_DISTRIBUTION_ID).
WAGTAILFRONTENDCACHE = frontend_caches(env)
# How long a CDN may keep a shared page (s-maxage); only with purges reaching it.
FRONTEND_CACHE_SECONDS = env.int(
    "FRONTEND_CACHE_SECONDS", default=PAGE_CACHE_SECONDS if WAGTAILFRONTENDCACHE else 0
)

# Accounts
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "members.auth_backends.ModelPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
# A code in the email rather than a link: it survives mail scanners that follow links.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults, written out: they live in the shared cache (Redis in production),
# so every app server counts the same attempts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # 5 wrong passwords for one address in 5 minutes, 10 a minute from one address.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/10s/key",
    # The site's own: each guest registration emails an address anyone can type.
    "guest_event_registration": "5/h/ip",
    # Each invitation to an organisation's contacts emails an address a member typed.
    "invite_organisation_contact": "30/h/user",
    # Each request for introductions is read by staff and may email other members.
    "request_introduction": "10/h/user",
}
# The client's address, for every limit above. Behind proxies that each append the
# address they saw to X-Forwarded-For, TRUSTED_PROXY_COUNT says how many there are
# (the address is taken that many entries from the end, so a client cannot forge
# it); behind one that sets a header of its own, CLIENT_IP_HEADER names it. With
# neither, the address is the connection's own (REMOTE_ADDR): right only when
# nothing stands in front of the app server.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="") or None
# Changing the email address, the password or a second factor asks for the password
# again (unless it was given in the last few minutes), and each change is emailed
# to the account, so a stolen session cannot quietly take the account over.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# A session of someone who can use the admin (members.middleware.StaffSessionMiddleware).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 60 * 60)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Keep it Local Network"
# Staff must enrol an authenticator app before they can use the admin, and host
# contacts before they see their events' attendees: everyone who sees other
# people's personal data (members.middleware.StaffMFAMiddleware). On by default in
# production.
REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=False)
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

# Internationalisation: British English, times shown in London time.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The zones staff may choose in the admin's account page: every IANA name but
# Debian's ``localtime``, a link to the machine's own zone that browsers reject
# (the page's script throws on it).
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set (storage.py):
# documents and originals private and signed, renditions public.
S3_STORAGES = s3_storages(env)
if S3_STORAGES:
    STORAGES.update(S3_STORAGES)
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Web addresses typed without a scheme are https (the Django 6 default).
FORMS_URLFIELD_ASSUME_HTTPS = True

# Email: every message goes through Django's email API; production names an
# anymail backend. ANYMAIL_* variables become the ANYMAIL settings dict, so any
# ESP can be configured without code (ANYMAIL_POSTMARK_SERVER_TOKEN -> POSTMARK_SERVER_TOKEN).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# The provider whose delivery webhook (bounces, complaints) is served at
# /anymail/<provider>/tracking/: only that one, so the webhooks of providers the
# site does not use are not online. Taken from an anymail EMAIL_BACKEND.
EMAIL_PROVIDER = env(
    "EMAIL_PROVIDER",
    default=EMAIL_BACKEND.split(".")[2]
    if EMAIL_BACKEND.startswith("anymail.backends.") and EMAIL_BACKEND.count(".") == 3
    else "postmark",
)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Keep it Local Network <hello@keepitlocal.example>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The mailto: of a bulletin's List-Unsubscribe header (RFC 2369), beside its one-click URL.
BULLETIN_UNSUBSCRIBE_MAILTO = env(
    "BULLETIN_UNSUBSCRIBE_MAILTO", default=parseaddr(DEFAULT_FROM_EMAIL)[1]
)
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in env.ENVIRON.items()
    if key.startswith("ANYMAIL_")
}

# Background work (django-tasks). Immediate on a laptop; a database queue and
# `manage.py db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Stripe (used by the payments app)
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Live keys only with STRIPE_LIVE_MODE=true, test keys only without it (payments.checks).
STRIPE_LIVE_MODE = env.bool("STRIPE_LIVE_MODE", default=False)
# How long a paid place is held while the buyer pays (Checkout's minimum is 30 minutes).
PAYMENT_HOLD_MINUTES = env.int("PAYMENT_HOLD_MINUTES", default=30)

# Retention: how long records the site no longer needs are kept. A daily task
# prunes each (network_site.housekeeping, events.retention), and the privacy notice
# shows these figures (its "Retention periods" block).
# Finished background-task results (about 5,000 a day).
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=14)
# What sent emails said: sign-in codes, password-reset links, personal details. The
# record that an email was sent (to, subject, status) stays longer.
EMAIL_BODY_RETENTION_DAYS = env.int("EMAIL_BODY_RETENTION_DAYS", default=30)
EMAIL_RECORD_RETENTION_DAYS = env.int("EMAIL_RECORD_RETENTION_DAYS", default=365)
# After an event has ended: guests' names and addresses, and everyone's access and
# dietary needs. Attendance counts stay for the network's figures.
EVENT_PERSONAL_DATA_RETENTION_DAYS = env.int("EVENT_PERSONAL_DATA_RETENTION_DAYS", default=365)

# Wagtail
WAGTAIL_SITE_NAME = "Keep it Local Network"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# No avatars from Gravatar and no check for new releases: the admin makes no
# requests to other hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp", "png": "png", "jpeg": "jpeg"}
# Uploads (network_site/uploads.py). Images: no SVG (it can carry script), at most
# 10 MB and 40 million pixels (a small PNG can unpack to gigabytes).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents: checked inside as well as by name, and served only through Wagtail's
# view (private collections honoured, always as a download), never from /media/;
# on S3 that view redirects to a signed, expiring download URL (storage.py).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "network_site.uploads.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "redirect" if S3_STORAGES else "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# Content-Security-Policy (django-csp; network_site/security.py). The site's pages
# run scripts from the site only (an inline one needs the response's nonce:
# <script nonce="{{ CSP_NONCE }}">), load nothing from other hosts except the
# video players a reader has asked for, and may not be framed.
EMBED_FRAME_SOURCES = env.list(
    "EMBED_FRAME_SOURCES",
    default=[
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
)
# Uploaded images and documents, when they are served from another host (S3).
MEDIA_SOURCES = [
    *([MEDIA_URL] if MEDIA_URL.startswith("https://") else []),
    *public_media_origins(S3_STORAGES),
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_SOURCES],
        "media-src": [SELF, *MEDIA_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        # Paying and managing a fee happen on Stripe's pages, reached by redirect.
        "form-action": [SELF, "https://checkout.stripe.com", "https://billing.stripe.com"],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin's own policy (its rich-text editor, choosers and StreamField
# set inline styles and run a few inline scripts; its preview frames the site's
# pages). Still no other hosts, no plugins, and no framing by other sites.
ADMIN_PATH_PREFIXES = ("/admin/",)
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *MEDIA_SOURCES],
        "media-src": [SELF, *MEDIA_SOURCES],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features no page of the site uses, switched off for it and anything it frames.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # One line per task run is noise; failures are still logged.
        "django_tasks": {"level": "WARNING"},
    },
}
