"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
EMAIL_PROVIDER = "postmark"  # the tests deliver Postmark's webhooks
# Tracking webhooks take HTTP basic auth "test:secret"; the tests post as Postmark.
ANYMAIL = {"WEBHOOK_SECRET": "test:secret"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The cross-process rate-limit test runs a second process against one Redis.
if KILN_TEST_CACHE_URL := env("KILN_TEST_CACHE_URL", default=""):  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "network_site.cache.FailSoftRedisCache",
            "LOCATION": KILN_TEST_CACHE_URL,
            "KEY_PREFIX": "kiln-test",
        }
    }
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Templates used only by the tests (e.g. tests/templates/emails/example.*).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Tests of the page cache switch it on for themselves.
PAGE_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Stripe in tests: test-mode keys; every call goes to tests/payments/fake_stripe.py.
STRIPE_SECRET_KEY = "sk_test_kiln"
STRIPE_PUBLISHABLE_KEY = "pk_test_kiln"
STRIPE_WEBHOOK_SECRET = "whsec_test_kiln"
STRIPE_LIVE_MODE = False
