"""Stories' work on a clock (see network_site.scheduling)."""

from django_tasks import task

from .follow_ups import send_follow_ups


@task()
def send_story_follow_ups(now=None):
    """Hosts of events held three or six months ago are asked what changed since."""
    return send_follow_ups(now=now)
