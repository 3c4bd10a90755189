"""/healthz, error pages and production settings."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from network_site import health

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "network_site.cache.FailSoftRedisCache",
        # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"retry_seconds": 0},
    }
}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_answers_200_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # The test settings run tasks in the request: no worker or scheduler to watch.
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "worker": "not configured",
        "scheduler": "not configured",
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_degraded_but_answers_200_when_the_cache_is_down(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "unavailable"


def test_the_scheduler_enqueues_a_heartbeat_every_minute():
    from network_site.scheduling import PERIODIC_TASKS

    heartbeat = [task for task in PERIODIC_TASKS if task.task_path == health.HEARTBEAT_PATH]
    assert [task.every_minutes for task in heartbeat] == [1]


def test_healthz_reports_a_scheduler_that_stopped_ticking(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEALTH_SCHEDULER_STALE_SECONDS = 180
    assert client.get("/healthz").json()["scheduler"] == "stale"  # never ticked
    health.heartbeat.enqueue()
    assert client.get("/healthz").json()["scheduler"] == "ok"
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=181))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["scheduler"] == "stale"
    assert response.json()["status"] == "degraded"


# The worker closes its database connection between tasks, as in production: a
# transactional test, since that would end the transaction a test runs in.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_reports_a_worker_that_stopped_taking_tasks(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEALTH_WORKER_STALE_SECONDS = 180
    waiting = health.heartbeat.enqueue()
    assert client.get("/healthz").json()["worker"] == "ok"  # just enqueued
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(seconds=181)
    )
    health.heartbeat.enqueue()  # the scheduler still ticks
    body = client.get("/healthz").json()
    assert (body["worker"], body["scheduler"], body["status"]) == ("stale", "ok", "degraded")
    # A worker takes the queue again.
    call_command("db_worker", batch=True, verbosity=0)
    body = client.get("/healthz").json()
    assert (body["worker"], body["scheduler"], body["status"]) == ("ok", "ok", "ok")


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


# Production refuses to start without any of these (network_site/settings/production.py).
REQUIRED_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
    "ANYMAIL_WEBHOOK_SECRET": "webhook:placeholder",
    "DEFAULT_FROM_EMAIL": "hello@example.org",
    "WAGTAILADMIN_BASE_URL": "https://www.example.org",
    "STRIPE_SECRET_KEY": "sk_test_placeholder",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_placeholder",
    "STRIPE_WEBHOOK_SECRET": "whsec_placeholder",
}
# A sane environment: the required values and the Postmark token the email backend needs.
PRODUCTION_ENV = {**REQUIRED_ENV, "ANYMAIL_POSTMARK_SERVER_TOKEN": "placeholder"}


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


@pytest.mark.parametrize("missing", list(REQUIRED_ENV))
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
