"""Event request work on a clock (see network_site.scheduling)."""

from django_tasks import task

from .services import mark_held


@task()
def mark_event_requests_held(now=None):
    """Requests whose event is over become "held"; their requesters are asked for
    an outcome report."""
    return mark_held(now=now)
