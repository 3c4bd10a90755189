"""/healthz, error pages and production settings."""

import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}


def test_healthz_answers_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_custom_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert 'class="skip-link"' in content


def test_custom_500_page_renders_without_the_database(settings, monkeypatch):
    settings.ROOT_URLCONF = "tests.network_site.failing_urls"
    client = Client(raise_request_exception=False)

    def refuse(*args, **kwargs):
        raise OperationalError("database gone")

    response = client.get("/boom/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
    # The handler itself must not need the database.
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/boom/")
    assert response.status_code == 500


PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
    "ANYMAIL_POSTMARK_SERVER_TOKEN": "placeholder",
    "ANYMAIL_WEBHOOK_SECRET": "webhook:placeholder",
    "DEFAULT_FROM_EMAIL": "hello@example.org",
    "WAGTAILADMIN_BASE_URL": "https://www.example.org",
    "STRIPE_SECRET_KEY": "sk_test_placeholder",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_placeholder",
    "STRIPE_WEBHOOK_SECRET": "whsec_placeholder",
}


def run_manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    clean.pop("DATABASE_URL", None)
    clean["DJANGO_SETTINGS_MODULE"] = "network_site.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_BACKEND",
        "ANYMAIL_WEBHOOK_SECRET",
        "STRIPE_SECRET_KEY",
    ],
)
def test_production_refuses_to_start_without_a_required_value(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_deploy_check_is_clean_with_a_sane_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_takes_the_client_address_from_one_trusted_proxy_and_leaves_preload_off():
    show = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER, "
        "settings.SECURE_HSTS_PRELOAD)"
    )
    result = run_manage("shell", "-c", show, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["1", "None", "False"]

    behind_two = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2", "CLIENT_IP_HEADER": "X-Real-IP"}
    result = run_manage("shell", "-c", show, env=behind_two)
    assert result.stdout.splitlines()[-1].split() == ["2", "X-Real-IP", "False"]
