"""What ``/healthz`` reports: the database, the cache, the task worker and the
scheduler.

The scheduler enqueues ``heartbeat`` every minute (scheduling.py) and a worker
runs it, so the task queue itself shows both are alive: the scheduler is stale
when no heartbeat has been enqueued for ``HEALTH_SCHEDULER_STALE_SECONDS``, the
worker when a heartbeat has waited unrun for ``HEALTH_WORKER_STALE_SECONDS``.
Without the database task queue (development runs tasks in the request) there
is no worker or scheduler to watch: "not configured".

Only the database is essential: without the cache the site serves pages
uncached, without the worker email waits in the outbox. So the status is "ok"
when everything answers, "degraded" when only the database does, and
"unavailable" (HTTP 503, for the load balancer) when the database does not.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from network_site.cache import cache_answers

logger = logging.getLogger(__name__)

HEARTBEAT_PATH = "network_site.health.heartbeat"
OK, STALE, UNAVAILABLE, NOT_CONFIGURED = "ok", "stale", "unavailable", "not configured"


@task()
def heartbeat() -> str:
    """Proves a worker took a task from the queue."""
    return timezone.now().isoformat()


@dataclass(frozen=True)
class Health:
    database: str
    cache: str
    worker: str
    scheduler: str

    @property
    def status(self) -> str:
        if self.database != OK:
            return "unavailable"
        parts = (self.cache, self.worker, self.scheduler)
        return "ok" if all(part in (OK, NOT_CONFIGURED) for part in parts) else "degraded"

    def as_dict(self) -> dict[str, str]:
        return {
            "status": self.status,
            "database": self.database,
            "cache": self.cache,
            "worker": self.worker,
            "scheduler": self.scheduler,
        }


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database did not answer")
        return UNAVAILABLE
    return OK


def _cache() -> str:
    try:
        return OK if cache_answers(cache) else UNAVAILABLE
    except Exception:
        logger.exception("Health check: the cache did not answer")
        return UNAVAILABLE


def _queue_is_watched() -> bool:
    return isinstance(heartbeat.get_backend(), DatabaseBackend)


def _worker_and_scheduler(now) -> tuple[str, str]:
    if not _queue_is_watched():
        return NOT_CONFIGURED, NOT_CONFIGURED
    heartbeats = DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH)
    scheduler_window = now - timedelta(seconds=settings.HEALTH_SCHEDULER_STALE_SECONDS)
    worker_window = now - timedelta(seconds=settings.HEALTH_WORKER_STALE_SECONDS)
    scheduler = OK if heartbeats.filter(enqueued_at__gte=scheduler_window).exists() else STALE
    waiting_too_long = heartbeats.filter(
        status=TaskResultStatus.READY, enqueued_at__lt=worker_window
    ).exists()
    return (STALE if waiting_too_long else OK), scheduler


def check(now=None) -> Health:
    database = _database()
    if database == OK:
        worker, scheduler = _worker_and_scheduler(now or timezone.now())
    else:
        worker = scheduler = UNAVAILABLE
    return Health(database=database, cache=_cache(), worker=worker, scheduler=scheduler)
