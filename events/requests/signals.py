"""Publishing the event made from an accepted request schedules the request."""

from events.models import EventPage

from .services import schedule_published_event


def schedule_requested_event(sender, instance, revision=None, **kwargs):
    """Publishing the event made from an accepted request schedules the request."""
    if not isinstance(instance, EventPage):
        return
    user = getattr(revision, "user", None) if revision is not None else None
    schedule_published_event(instance, user=user)
