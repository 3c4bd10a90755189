"""Publishing the event made from an accepted request schedules the request.
Connected when the base imports every app's ``signals`` module at start-up
(network_site.app_modules.connect_signals)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage

from .services import schedule_published_event


@receiver(page_published, dispatch_uid="event_requests.request_scheduled")
def schedule_requested_event(sender, instance, revision=None, **kwargs):
    """Publishing the event made from an accepted request schedules the request."""
    if not isinstance(instance, EventPage):
        return
    user = getattr(revision, "user", None) if revision is not None else None
    schedule_published_event(instance, user=user)
