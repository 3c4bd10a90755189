"""Production: every deploy value comes from the environment and a missing
required value stops the process at start-up, not at the first request."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

REQUIRED = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_BACKEND",
    "ANYMAIL_WEBHOOK_SECRET",
    "DEFAULT_FROM_EMAIL",
    "WAGTAILADMIN_BASE_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
]
missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(missing)
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
EMAIL_BACKEND = env("EMAIL_BACKEND")
if EMAIL_BACKEND.startswith("django.core.mail.backends.console"):
    raise ImproperlyConfigured("EMAIL_BACKEND must send real email in production (anymail).")
# Without it anymail's tracking webhooks would accept anyone's bounce reports.
if ":" not in env("ANYMAIL_WEBHOOK_SECRET"):
    raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET must be of the form username:password.")

DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# HTTPS everywhere, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The same proxy appends the client's address to X-Forwarded-For: the rate limits
# read it from there (base.py). Set TRUSTED_PROXY_COUNT=2 behind a load balancer
# and the proxy, or CLIENT_IP_HEADER for a proxy that sets a header of its own.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Off unless the charity decides otherwise: the preload list is a one-way decision
# for the whole domain and every subdomain (leaving it takes months).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Django's deploy check warns whenever preload is off; off is the decision above.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Staff enrol an authenticator app before they reach the admin.
REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=True)

ADMINS = [("Site admin", address) for address in env.list("ADMIN_EMAILS", default=[])]
