"""A developer's laptop: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Pages change as you edit them: no whole-page cache on a laptop.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
